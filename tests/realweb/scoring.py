"""Scoring on the real-page corpus (``tests/realweb/detail/<part>/<site>/<page>``).

Shared by ``test_tune_pages.py`` and ``bench/extract.py``. Body F1 and the leak check are
the evaluation set's (``tests.extraction.scoring``): one implementation. Every gold field
is checked both ways: a value where the gold says null is as wrong as a missing one.

- title: exact after whitespace normalisation;
- published: the date must match; the time too when the gold gives one;
- source / issuer / doc_number: exact (whitespace normalised), null must stay null; a 文号
  is compared in its normal form (year brackets as 〔〕, no spaces: 长府发〔2015〕6 号 and
  合自然资规公告[2021]11号 are written either way on pages);
- leaked: gold ``absent`` lines found in the body (compared without whitespace); an
  ``absent`` line that the gold text itself contains is a contradiction in the gold, not
  counted (``gold_conflicts`` lists them).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from tests.extraction.scoring import char_f1, leaked

REALWEB_DIR = Path(__file__).parent
DETAIL_DIR = REALWEB_DIR / "detail"
PARTS = ("tune", "check")
FIELDS = ("source", "issuer", "doc_number")
BODY_F1_FLOOR = 0.97
WRONG_F1 = 0.8  # below this a body is wrong, not merely untidy (the self-check's yardstick)


@dataclass(frozen=True)
class RealPage:
    """One saved detail page and its JSON (provenance + gold)."""

    part: str
    site: str
    slug: str
    html: bytes
    meta: dict

    @property
    def id(self) -> str:
        return f"{self.site}/{self.slug}"

    @property
    def gold(self) -> dict:
        return self.meta["gold"]

    @property
    def url(self) -> str:
        """The page's original URL, or a stand-in on its site's host when unknown."""
        return self.meta["provenance"].get("url") or f"http://{self.site.replace('_', '.')}/{self.slug}.html"

    def text(self) -> str:
        """The page decoded with its real encoding (what the baselines are given)."""
        codec = {"gbk": "gb18030", "gb2312": "gb18030"}.get(self.meta["encoding"], self.meta["encoding"])
        return self.html.decode(codec, errors="replace")


def load_detail_pages(part: str, root: Path = DETAIL_DIR) -> list[RealPage]:
    """Every detail page of ``part`` (``tune`` or ``check``), sorted by site and slug."""
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}, not {part!r}")
    pages = []
    for json_path in sorted((root / part).glob("*/*.json")):
        html_path = json_path.with_suffix(".html")
        if not html_path.exists():
            continue
        meta = json.loads(json_path.read_text("utf-8"))
        pages.append(RealPage(part, json_path.parent.name, json_path.stem, html_path.read_bytes(), meta))
    return pages


def squash(value: str | None) -> str | None:
    """Whitespace runs collapsed to one space; None and empty both become None."""
    text = " ".join((value or "").split())
    return text or None


YEAR_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                               "【": "〔", "】": "〕", "﹝": "〔", "﹞": "〕"})


def doc_number_form(value: str | None) -> str | None:
    """A 文号 in the form compared: no whitespace, year brackets as 〔〕."""
    return "".join((value or "").split()).translate(YEAR_BRACKETS) or None


def gold_conflicts(page: RealPage) -> list[str]:
    """``absent`` lines that the gold text contains (a contradiction for the gold's author)."""
    flat = "".join(page.gold["text"].split())
    return [line for line in page.gold.get("absent") or [] if "".join(line.split()) and "".join(line.split()) in flat]


def published_matches(got: str | None, want: str | None) -> bool:
    """Date equal; when the gold gives a time, the time too (to the precision the gold gives)."""
    if want is None or got is None:
        return want is None and got is None
    if got[:10] != want[:10]:
        return False
    if len(want) > 10:
        return got[11:len(want)] == want[11:] and len(got) >= len(want)
    return True


@dataclass
class PageScore:
    """How one extractor did on one page."""

    page_id: str
    f1: float
    title_ok: bool
    date_ok: bool
    fields_ok: dict[str, bool]
    leaks: list[str]
    ms: float
    problems: list[str] = field(default_factory=list)

    @property
    def fields_all_ok(self) -> bool:
        return all(self.fields_ok.values())

    @property
    def wrong(self) -> bool:
        """Wrong in a way a reader would notice: body F1 < 0.8, or a wrong title or date."""
        return self.f1 < WRONG_F1 or not self.title_ok or not self.date_ok


def score(page: RealPage, *, text: str, title: str | None, published: str | None,
          fields: dict[str, str | None] | None, ms: float = 0.0) -> PageScore:
    """Score one extractor's output; ``fields`` None means the extractor reads no such fields."""
    gold = page.gold
    problems = []
    f1 = char_f1(text, gold["text"])
    if f1 < BODY_F1_FLOOR:
        problems.append(f"body: char F1 {f1:.3f} < {BODY_F1_FLOOR}")
    title_ok = squash(title) == squash(gold["title"])
    if not title_ok:
        problems.append(f"title: expected {gold['title']!r}, got {title!r}")
    date_ok = published_matches(published, gold["published"])
    if not date_ok:
        problems.append(f"published: expected {gold['published']!r}, got {published!r}")
    fields_ok = {}
    for name in FIELDS:
        got = None if fields is None else fields.get(name)
        form = doc_number_form if name == "doc_number" else squash
        fields_ok[name] = form(got) == form(gold.get(name))
        if not fields_ok[name]:
            problems.append(f"{name}: expected {gold.get(name)!r}, got {got!r}")
    conflicts = gold_conflicts(page)
    leaks = [line for line in leaked(text, gold.get("absent") or []) if line not in conflicts]
    if leaks:
        problems.append(f"leaked into the body: {leaks}")
    return PageScore(page.id, f1, title_ok, date_ok, fields_ok, leaks, ms, problems)


def score_record(page: RealPage, record, ms: float = 0.0) -> PageScore:
    """Score a ``NoticeRecord`` (our extractor) on its gold page."""
    return score(page, text=record.text, title=record.title, published=record.published,
                 fields={name: getattr(record, name) for name in FIELDS}, ms=ms)


def extract_page(page: RealPage):
    """Our extractor on one page, as the crawler calls it: raw bytes, no HTTP charset, no hints."""
    from crawler.extract import extract

    return extract(page.html, page.url)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest-rank, inclusive); 0.0 for no values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


@dataclass
class Summary:
    """One extractor's figures over a set of pages."""

    pages: int
    f1_mean: float
    f1_p10: float
    title: float
    date: float
    fields: float
    leaks: int
    ms_median: float


def summarise(scores: list[PageScore]) -> Summary:
    n = len(scores)
    if not n:
        return Summary(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0.0)
    f1s = [s.f1 for s in scores]
    return Summary(
        pages=n,
        f1_mean=statistics.fmean(f1s),
        f1_p10=percentile(f1s, 0.10),
        title=sum(s.title_ok for s in scores) / n,
        date=sum(s.date_ok for s in scores) / n,
        fields=sum(s.fields_all_ok for s in scores) / n,
        leaks=sum(len(s.leaks) for s in scores),
        ms_median=statistics.median(s.ms for s in scores),
    )
