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


# A check site must not be a twin of a tune site: another host of the same organisation whose
# pages are mostly the same template (news.cctv.com beside m.news.cctv.com shared 74% of its
# lines), or the rules tuned on one score the other. Different organisations on one CMS (two
# schools on WebPlus) share its boilerplate and stay apart; so does a host sharing little.
TWIN_SHARE, TWIN_LINES, TEMPLATE_LINE_CHARS = 0.3, 75, 30
SECOND_LEVEL = {"edu", "gov", "com", "org", "net", "ac"}  # …edu.cn: the registered domain has three labels


def _organisation(slug: str) -> str:
    labels = slug.split("_")
    return "_".join(labels[-3:] if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and labels[-1] == "cn" else labels[-2:])


def _template_lines(part: str) -> dict[str, set[bytes]]:
    lines: dict[str, set[bytes]] = {}
    for kind in ("detail", "lists"):
        for page in (REALWEB_DIR / kind / part).glob("*/*.html"):
            lines.setdefault(page.parent.name, set()).update(
                line.strip() for line in page.read_bytes().splitlines() if len(line.strip()) >= TEMPLATE_LINE_CHARS)
    return lines


def test_no_check_site_is_a_template_twin_of_a_tune_site_of_its_organisation():
    tune, check = _template_lines("tune"), _template_lines("check")
    assert tune and check
    twins = []
    for site, lines in check.items():
        for other, tuned in tune.items():
            shared = len(lines & tuned)
            if (_organisation(site) == _organisation(other) and shared >= TWIN_LINES
                    and shared >= TWIN_SHARE * len(lines)):
                twins.append(f"{site} ~ {other}: {shared} of {len(lines)} lines")
    assert not twins, f"move these check sites to tune (their template was tuned on): {twins}"


def test_organisation_of_a_slug():
    assert _organisation("m_news_cctv_com") == _organisation("news_cctv_com") == "cctv_com"
    assert _organisation("gaokao_hbccks_cn") == "hbccks_cn"
    assert _organisation("cc_nankai_edu_cn") == "nankai_edu_cn" != _organisation("www_fudan_edu_cn")


@pytest.mark.parametrize("part", [f"{kind}/{part}" for kind in ("detail", "lists") for part in PARTS])
def test_every_site_of_a_part_has_its_row_in_that_parts_sites_file(part):
    folder = REALWEB_DIR / part
    sites = {p.name for p in folder.iterdir() if p.is_dir()}
    rows = set(re.findall(r"^\| ([a-z0-9][a-z0-9_-]*) \|", (folder / "SITES.md").read_text(encoding="utf-8"), re.M))
    assert sites and sites <= rows, f"{part}/SITES.md lacks rows for {sorted(sites - rows)}"
    assert not rows - sites - {"slug"}, f"{part}/SITES.md names sites not in {part}: {sorted(rows - sites - {'slug'})}"
