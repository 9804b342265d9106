"""The real-page corpus keeps its own rules (README.md): every detail page is the file as the
repository saved it (sha256 in its JSON), with provenance and every gold field, and a site
lives wholly in one part, detail and list pages alike, so a check page is never tuned on by
way of a tune page of the same host. List pages are checked in
``tests/crawler/test_discovery_realweb.py``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from tests.realweb.scoring import DETAIL_DIR, PARTS, REALWEB_DIR

DETAIL_JSONS = sorted(DETAIL_DIR.glob("*/*/*.json"))
GOLD_FIELDS = ("title", "published", "source", "issuer", "doc_number", "text", "absent")
PUBLISHED = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?")


def _page_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("gold_file", DETAIL_JSONS, ids=_page_id)
def test_every_detail_page_is_kept_as_saved_with_provenance_and_gold(gold_file):
    doc = json.loads(gold_file.read_text(encoding="utf-8"))
    prov, gold = doc["provenance"], doc["gold"]
    assert hashlib.sha256(gold_file.with_suffix(".html").read_bytes()).hexdigest() == prov["sha256"]
    assert re.fullmatch(r"[0-9a-f]{40}", prov["commit"]) and prov["repo"] and prov["path"]
    assert prov["url"] is None or prov["url"].startswith(("http://", "https://"))
    assert doc["encoding"] in {"utf-8", "gbk", "gb18030", "big5"}
    assert set(GOLD_FIELDS) <= set(gold), f"gold lacks {set(GOLD_FIELDS) - set(gold)}"
    # an empty text is right for a notice that is only a PDF or is loaded by script
    assert gold["title"] and isinstance(gold["text"], str) and isinstance(gold["absent"], list)
    assert gold["published"] is None or PUBLISHED.fullmatch(gold["published"])
    assert re.fullmatch(r"[a-z0-9_-]+", gold_file.stem)


def test_a_site_lives_in_one_part_only():
    parts_of: dict[str, set[str]] = {}
    for kind in ("detail", "lists"):
        for part in PARTS:
            for site_dir in (REALWEB_DIR / kind / part).glob("*/"):
                parts_of.setdefault(site_dir.name, set()).add(part)
    assert parts_of, "no sites under tests/realweb"
    split = {site: sorted(parts) for site, parts in parts_of.items() if len(parts) > 1}
    assert not split, f"sites in both parts (move the whole site to tune): {split}"


@pytest.mark.parametrize("part", [f"{kind}/{part}" for kind in ("detail", "lists") for part in PARTS])
def test_every_site_of_a_part_has_its_row_in_that_parts_sites_file(part):
    folder = REALWEB_DIR / part
    sites = {p.name for p in folder.iterdir() if p.is_dir()}
    rows = set(re.findall(r"^\| ([a-z0-9][a-z0-9_-]*) \|", (folder / "SITES.md").read_text(encoding="utf-8"), re.M))
    assert sites and sites <= rows, f"{part}/SITES.md lacks rows for {sorted(sites - rows)}"
    assert not rows - sites - {"slug"}, f"{part}/SITES.md names sites not in {part}: {sorted(rows - sites - {'slug'})}"
