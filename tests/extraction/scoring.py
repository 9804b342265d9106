"""Scoring for the extraction evaluation set, shared by ``test_eval_set.py`` and
``bench/extract.py``: loading gold pages, character-level F1, leak checks, date comparison.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).parent / "pages"
BODY_F1_FLOOR = 0.97


@dataclass(frozen=True)
class GoldPage:
    slug: str
    html: bytes
    gold: dict

    @property
    def codec(self) -> str:
        """The page's real encoding: the first field of ``encoding_note``."""
        return self.gold["encoding_note"].split(";", 1)[0].strip()

    @property
    def is_mirror(self) -> bool:
        return self.gold.get("portal_kind") == "mirror"

    def text(self) -> str:
        """The page decoded with its real encoding (what the baselines are given)."""
        return self.html.decode(self.codec)


def load_pages(pages_dir: Path = PAGES_DIR) -> list[GoldPage]:
    pages = []
    for gold_path in sorted(pages_dir.glob("*.json")):
        html_path = gold_path.with_suffix(".html")
        pages.append(GoldPage(gold_path.stem, html_path.read_bytes(), json.loads(gold_path.read_text("utf-8"))))
    return pages


def squeeze(text: str) -> str:
    """Text without any whitespace (incl. U+3000 and U+00A0): what scoring compares."""
    return "".join(text.split())


def char_f1(pred: str, gold: str) -> float:
    """Bag-of-characters F1 of whitespace-stripped texts: multiset overlap / len(pred) for
    precision, / len(gold) for recall."""
    p, g = Counter(squeeze(pred)), Counter(squeeze(gold))
    n_pred, n_gold = sum(p.values()), sum(g.values())
    if n_pred == 0 or n_gold == 0:
        return 1.0 if n_pred == n_gold else 0.0
    overlap = sum((p & g).values())
    if overlap == 0:
        return 0.0
    precision, recall = overlap / n_pred, overlap / n_gold
    return 2 * precision * recall / (precision + recall)


def leaked(text: str, must_not_contain: list[str]) -> list[str]:
    """The must-not strings present in ``text`` (compared without whitespace)."""
    flat = squeeze(text)
    return [s for s in must_not_contain if squeeze(s) and squeeze(s) in flat]


def date_part(value: str | None) -> str | None:
    return value[:10] if value else None


OPTIONAL_FIELDS = ("mirror_posted", "source", "issuer", "doc_number", "index_number")


def problems(record, gold: dict) -> list[str]:
    """Every way a NoticeRecord misses its gold page, one line each ("field: expected …, got …")."""
    out = []
    if record.title != gold["title"]:
        out.append(f"title: expected {gold['title']!r}, got {record.title!r}")
    if record.published != gold["published"]:
        out.append(f"published: expected {gold['published']!r}, got {record.published!r}")
    for name in OPTIONAL_FIELDS:  # both ways: a value where the gold says null is wrong too
        if getattr(record, name) != gold[name]:
            out.append(f"{name}: expected {gold[name]!r}, got {getattr(record, name)!r}")
    got_urls = {a.url for a in record.attachments}
    want_urls = {a["url"] for a in gold["attachments"]}
    if got_urls != want_urls:
        out.append(f"attachments: missing {sorted(want_urls - got_urls)}, extra {sorted(got_urls - want_urls)}")
    f1 = char_f1(record.text, gold["body"])
    if f1 < BODY_F1_FLOOR:
        out.append(f"body: char F1 {f1:.3f} < {BODY_F1_FLOOR}")
    leaks = leaked(record.text, gold["must_not_contain"])
    if leaks:
        out.append(f"leaked into text: {leaks}")
    missing_flags = sorted(set(gold["flags_expected"]) - set(record.flags))
    extra_flags = sorted(set(record.flags) - set(gold["flags_expected"]))
    if missing_flags or extra_flags:
        out.append(f"flags: missing {missing_flags}, extra {extra_flags} (got {record.flags})")
    return out
