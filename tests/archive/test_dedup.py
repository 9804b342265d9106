"""Copies across portals: clusters, best copy and ``edunotice dupes``, on real SQLite files and
the real PostgreSQL, through ``Archive.record_notice`` with records built from the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner
from sqlalchemy import delete, func, select

from archive.dedup import best_copy_key
from archive.models import CopyCluster, Document, ShingleBand, Version
from archive.normalize import normalize_text
from archive.query import latest_records
from archive.similarity import compare
from archive.store import Archive
from crawler.cli import cli

SEEDS = Path(__file__).resolve().parents[2] / "crawler" / "localportals" / "seeds"
OFFICIAL = {"id": "kaiping_edu", "name": "开平市教育局", "start_urls": ["https://www.kaiping.gov.cn/jyj/"],
            "kind": "official"}
OFFICIAL_2 = {"id": "qingyuan_edu", "name": "清远市教育局", "start_urls": ["https://www.qingyuan.gov.cn/jyj/"],
              "kind": "official"}
MIRROR = {"id": "xinwenmi_mirror", "name": "新文秘网", "start_urls": ["https://www.wm114.cn/"], "kind": "mirror"}
DOCSHARE = {"id": "docshare_mirror", "name": "文档分享", "start_urls": ["https://www.wnwk.com/"], "kind": "mirror"}
PINYIN = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")
T2S = opencc.OpenCC("t2s")


def seed(prefix: str) -> list[str]:
    path = next(p for p in SEEDS.glob(f"{prefix}_*.txt") if "simplified" not in p.name)
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def kaiping_traditional() -> list[str]:
    """Seed 000's body as the mirror shows it: traditional script, pinyin glued on."""
    return [line for line in seed("000") if line.startswith("(")]


def kaiping_official() -> list[str]:
    """The simplified page seed 000 was converted from, with the signature the mirror dropped."""
    body = [T2S.convert(PINYIN.sub("", line)) for line in kaiping_traditional()]
    return [*body, "开平市教育局", "2022年1月12日"]


def qingyuan_official() -> list[str]:
    lines = seed("002")
    return [line for line in lines[lines.index("清远市2022教育工作要点") + 1:lines.index("扫一扫在手机打开当前页")]
            if line]


# The synonyms seed 003 was spun with (发展→开展, 服务→效劳, 基础→根底, 规范→标准 ...).
SPIN = {"发展": "开展", "服务": "效劳", "广大": "广阔", "基础": "根底", "安全": "平安", "规范": "标准",
        "提高": "进步", "加强": "增强", "创建": "创立", "达到": "到达"}


def spun(lines: list[str]) -> list[str]:
    """Every seed-003 word swapped for its spun synonym (about 3% of the words of seed 002)."""
    return [re.sub("|".join(SPIN), lambda m: SPIN[m.group()], line) for line in lines]


def record(url: str, lines: list[str], title: str, published: str | None = "2022-01-12", flags=()) -> dict:
    text = "\n".join(lines)
    normalized, repairs = normalize_text(text)
    return {"url": url, "title": title, "published": published, "text": text,
            "text_normalized": normalized, "flags": sorted({*repairs, *flags})}


def store(archive: Archive, portal: dict, rec: dict) -> int:
    return archive.record_notice(portal_id=portal["id"], record=rec, fetch_url=rec["url"],
                                 http_status=200).document_id


def cluster_of(archive: Archive, document_id: int) -> int | None:
    with archive.sessions() as s:
        return s.get(Document, document_id).cluster_id


def best_of(archive: Archive, document_id: int) -> int | None:
    with archive.sessions() as s:
        return s.get(CopyCluster, cluster_of(archive, document_id)).best_document_id


def live_clusters(archive: Archive) -> int:
    with archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(CopyCluster)
                        .where(CopyCluster.merged_into_id.is_(None))) or 0


@pytest.fixture
def archive(db_url):
    with Archive(db_url) as archive:
        for portal in (OFFICIAL, OFFICIAL_2, MIRROR, DOCSHARE):
            archive.register_portal(portal)
        yield archive


def test_traditional_mirror_with_pinyin_joins_its_simplified_original(archive):
    # The mirror shows an earlier date than the official page: the official page still wins.
    mirror = record("https://www.wm114.cn/a/1.html", kaiping_traditional() + [seed("000")[-1]],
                    "開平市教育局2022年工作計劃", "2022-01-10")
    official = record("https://www.kaiping.gov.cn/jyj/t1.html", kaiping_official(), "开平市教育局2022年工作计划",
                      "2022-01-12T17:20")
    assert {"script_converted", "pinyin_artifacts"} <= set(mirror["flags"])
    assert mirror["text_normalized"] != official["text_normalized"]  # a near copy, not an exact one
    m = store(archive, MIRROR, mirror)
    o = store(archive, OFFICIAL, official)
    assert cluster_of(archive, m) == cluster_of(archive, o) is not None
    assert best_of(archive, m) == o  # the official page, though the mirror was archived first


def test_phrase_damaged_traditional_copy_joins_its_original(archive):
    """Seed 004: a résumé farm's traditional copy where 中小学 became 中國小."""
    lines = seed("004")
    copy = lines[lines.index("2021年武進教育工作要點", 4) + 1:lines.index("熱門標籤")]
    original = [T2S.convert(line).replace("中国小", "中小学") for line in copy]
    assert any("中國小" in line for line in copy)
    o = store(archive, OFFICIAL, record("https://www.kaiping.gov.cn/jyj/wj.html", original, "2021年武进教育工作要点"))
    c = store(archive, DOCSHARE, record("https://www.wnwk.com/p/4.html", copy, "2021年武進教育工作要點"))
    assert cluster_of(archive, c) == cluster_of(archive, o) is not None


def test_paywall_truncated_repost_joins_the_full_original_and_is_not_the_best_copy(archive):
    full = qingyuan_official()
    cut = full[:len(full) * 35 // 100]
    o = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t2.html", full, "清远市2022年教育工作要点",
                                          "2022-03-28"))
    # The repost claims an earlier date: complete still beats truncated.
    t = store(archive, MIRROR, record("https://www.wm114.cn/a/2.html", cut, "清远市2022年教育工作要点",
                                      "2022-03-01", flags=["truncated"]))
    assert cluster_of(archive, t) == cluster_of(archive, o) is not None
    assert best_of(archive, t) == o
    with archive.sessions() as s:
        flags = {d.id: v.flags for d, v in s.execute(select(Document, Version).join(Version))}
    assert flags[t] == ["truncated"] and flags[o] == []  # each member keeps its own damage


def test_synonym_spun_copy_joins_its_original(archive):
    full = qingyuan_official()
    copy = spun(full)
    original = record("https://www.qingyuan.gov.cn/jyj/t2.html", full, "清远市2022年教育工作要点", "2022-03-28")
    spun_copy = record("https://www.wnwk.com/p/2.html", copy, "清远市2022年教育工作要点", None, flags=["spun"])
    assert compare(original["text_normalized"], spun_copy["text_normalized"]).jaccard < 0.85  # really spun
    o = store(archive, OFFICIAL_2, original)
    c = store(archive, DOCSHARE, spun_copy)
    assert cluster_of(archive, c) == cluster_of(archive, o) is not None


def test_next_year_plan_and_a_template_sibling_stay_in_their_own_clusters(archive):
    plan = qingyuan_official()
    other = [T2S.convert(line) for line in seed("004")[10:40] if line]
    # Next year's plan: same boilerplate and structure, years moved on, a third of the items new.
    next_year = [other[i % len(other)] if i % 3 == 2 else re.sub(r"202(\d)", lambda m: f"202{int(m[1]) + 1}", line)
                 for i, line in enumerate(plan)]
    a = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/2022.html", plan, "清远市2022年教育工作要点"))
    b = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/2023.html", next_year, "清远市2023年教育工作要点"))
    assert cluster_of(archive, a) != cluster_of(archive, b)

    def notice(year, deadline, schools, phone):
        return ["各镇（街道）中心学校、局属各学校：",
                f"为做好{year}年防溺水安全教育工作，根据上级有关文件精神，结合我市实际，现就有关事项通知如下：",
                "一、各学校要成立以校长为组长的工作小组，明确分工，层层落实责任。",
                f"二、请各单位于{deadline}前将工作方案报送局安全管理股，逾期未报的予以通报。",
                f"三、各镇（街道）中心学校要加强统筹，对辖区内{schools}所学校逐一开展督导检查。",
                "四、对工作落实不到位、造成不良影响的单位，将依规依纪严肃问责。",
                f"五、工作中遇到的问题，请及时与局安全管理股联系，联系电话：0750-22{phone}。",
                "开平市教育局", f"{year}年5月10日"]

    c = store(archive, OFFICIAL, record("https://www.kaiping.gov.cn/jyj/fns2021.html",
                                        notice(2021, "5月20日", 136, 3381), "关于做好2021年防溺水安全教育工作的通知"))
    d = store(archive, OFFICIAL, record("https://www.kaiping.gov.cn/jyj/fns2022.html",
                                        notice(2022, "5月18日", 141, 3381), "关于做好2022年防溺水安全教育工作的通知"))
    assert cluster_of(archive, c) != cluster_of(archive, d)
    assert live_clusters(archive) == 4


def test_same_record_twice_and_an_exact_copy_elsewhere_make_one_cluster(archive):
    rec = record("https://www.kaiping.gov.cn/jyj/t1.html", kaiping_official(), "开平市教育局2022年工作计划")
    first = store(archive, OFFICIAL, rec)
    again = store(archive, OFFICIAL, rec)
    elsewhere = store(archive, MIRROR, {**rec, "url": "https://www.wm114.cn/a/9.html"})
    assert first == again != elsewhere
    assert live_clusters(archive) == 1
    assert cluster_of(archive, elsewhere) == cluster_of(archive, first)
    with archive.sessions() as s:  # one text, indexed once
        assert s.scalar(select(func.count()).select_from(ShingleBand)) == 64


def test_short_identical_texts_are_copies_only_under_the_same_title(archive):
    """Attachment-only notices ("详见附件。") are not copies of each other; a repost of one is."""
    a = store(archive, OFFICIAL, record("https://www.kaiping.gov.cn/jyj/f1.html", ["详见附件。"], "关于开学工作的通知"))
    b = store(archive, OFFICIAL, record("https://www.kaiping.gov.cn/jyj/f2.html", ["详见附件。"], "关于招生工作的通知"))
    c = store(archive, MIRROR, record("https://www.wm114.cn/a/5.html", ["详见附件。"], "关于开学工作的通知"))
    assert cluster_of(archive, a) != cluster_of(archive, b)
    assert cluster_of(archive, c) == cluster_of(archive, a)


def quoting_notices() -> tuple[dict, dict, dict]:
    """Two notices quoting one long block, and a repost cut from the first: mostly that block."""
    block = qingyuan_official()[:4]
    own_a = kaiping_official()[:-2]
    own_b = [T2S.convert(line) for line in seed("004")[10:40] if line]
    first = record("https://www.kaiping.gov.cn/jyj/a.html", own_a[:2] + block + own_a[2:], "开平")
    second = record("https://www.kaiping.gov.cn/jyj/b.html", own_b[:3] + block + own_b[3:6], "武进")
    fragment = record("https://www.wm114.cn/a/6.html", [own_a[0][:80], *block], "开平", flags=["truncated"])
    assert compare(fragment["text_normalized"], second["text_normalized"]).is_copy()  # alone, it would link
    return first, second, fragment


def test_a_fragment_of_quoted_boilerplate_joins_only_the_notice_it_was_cut_from(archive):
    """Two notices quote one long block; a repost cut from the first must not chain them together."""
    first, second, fragment = quoting_notices()
    a = store(archive, OFFICIAL, first)
    b = store(archive, OFFICIAL, second)
    f = store(archive, MIRROR, fragment)
    assert cluster_of(archive, a) != cluster_of(archive, b)
    assert cluster_of(archive, f) == cluster_of(archive, a)


def test_a_fragment_archived_before_its_source_moves_to_it_and_chains_nothing(archive):
    first, second, fragment = quoting_notices()
    b = store(archive, OFFICIAL, second)
    f = store(archive, MIRROR, fragment)
    assert cluster_of(archive, f) == cluster_of(archive, b)  # the best it can do for now
    a = store(archive, OFFICIAL, first)
    assert cluster_of(archive, f) == cluster_of(archive, a) != cluster_of(archive, b)
    assert best_of(archive, b) == b and best_of(archive, a) == a


def test_candidates_come_from_the_stored_band_index(archive):
    """A new copy is matched through shingle_bands: without the original's bands it is not found."""
    full = qingyuan_official()
    o = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t2.html", full, "清远市2022年教育工作要点"))
    first = store(archive, MIRROR, record("https://www.wm114.cn/a/2.html", full[:20], "清远市2022年教育工作要点"))
    assert cluster_of(archive, first) == cluster_of(archive, o)
    with archive.sessions.begin() as s:
        s.execute(delete(ShingleBand))
    second = store(archive, DOCSHARE, record("https://www.wnwk.com/p/9.html", full[5:30], "清远市2022年教育工作要点"))
    assert cluster_of(archive, second) != cluster_of(archive, o)


def test_a_full_copy_merges_the_clusters_of_two_disjoint_fragments(archive):
    """The full text matches a cut head (1.0) and a spun tail (a little less): both clusters merge."""
    full = qingyuan_official()
    head = store(archive, MIRROR, record("https://www.wm114.cn/a/3.html", full[:len(full) // 3], "要点", flags=["truncated"]))
    tail = store(archive, DOCSHARE, record("https://www.wnwk.com/p/3.html", spun(full[-len(full) // 3:]), "要点",
                                           flags=["truncated", "spun"]))
    assert cluster_of(archive, head) != cluster_of(archive, tail)
    whole = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t3.html", full, "清远市2022年教育工作要点"))
    assert cluster_of(archive, head) == cluster_of(archive, tail) == cluster_of(archive, whole)
    assert live_clusters(archive) == 1
    assert best_of(archive, whole) == whole


def test_documents_archived_before_clusters_get_one_when_fetched_again(archive):
    rec = record("https://www.kaiping.gov.cn/jyj/t1.html", kaiping_official(), "开平市教育局2022年工作计划")
    doc = store(archive, OFFICIAL, rec)
    with archive.sessions.begin() as s:  # as an archive upgraded from schema 0006 looks
        s.get(Document, doc).cluster_id = None
        s.execute(delete(ShingleBand))
        s.execute(delete(CopyCluster))
    assert store(archive, OFFICIAL, rec) == doc
    assert cluster_of(archive, doc) is not None
    copy = store(archive, MIRROR, record("https://www.wm114.cn/a/1.html", kaiping_traditional(), "開平"))
    assert cluster_of(archive, copy) == cluster_of(archive, doc)


def test_best_copy_order_is_official_then_complete_then_earliest():
    official_late = best_copy_key("official", [], "2022-03-28", 1000, 9)
    mirror_early = best_copy_key("mirror", [], "2022-01-01", 1000, 1)
    official_cut = best_copy_key("official", ["truncated"], "2022-01-01", 400, 2)
    official_early = best_copy_key("official", ["widgets_removed"], "2022-03-27T09:00", 900, 5)
    assert sorted([mirror_early, official_cut, official_late, official_early]) == [
        official_early, official_late, official_cut, mirror_early]


def test_dupes_lists_copies_portals_flags_and_the_best_copy(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    with Archive(db_url) as archive:
        for portal in (OFFICIAL, MIRROR, OFFICIAL_2):
            archive.register_portal(portal)
        mirror = store(archive, MIRROR, record("https://www.wm114.cn/a/1.html", kaiping_traditional(),
                                               "開平市教育局2022年工作計劃"))
        official = store(archive, OFFICIAL, record("https://www.kaiping.gov.cn/jyj/t1.html", kaiping_official(),
                                                   "开平市教育局2022年工作计划"))
        other = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t2.html", qingyuan_official(),
                                                  "清远市2022年教育工作要点"))
        with archive.sessions() as s:
            exported = {r["document_id"]: r["cluster_id"] for r in latest_records(s)}
    assert exported[mirror] == exported[official] != exported[other]

    runner = CliRunner()
    result = runner.invoke(cli, ["dupes", str(mirror), "--json", "--db", db_url])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["best_document_id"] == official
    assert [c["document_id"] for c in found["copies"]] == [official, mirror]
    by_id = {c["document_id"]: c for c in found["copies"]}
    assert by_id[official]["best"] and by_id[official]["portal_kind"] == "official"
    assert {"script_converted", "pinyin_artifacts"} <= set(by_id[mirror]["flags"])
    assert by_id[official]["similarity"]["copy"] is True

    text = runner.invoke(cli, ["dupes", str(official), "--db", db_url])
    assert text.exit_code == 0
    assert f"1 copy elsewhere; best copy {official}" in text.output
    assert "xinwenmi_mirror" in text.output and "qingyuan_edu" not in text.output

    missing = runner.invoke(cli, ["dupes", "999", "--db", db_url])
    assert missing.exit_code == 2 and "edunotice search" in missing.output


def test_a_stop_band_seen_in_a_committed_transaction_is_not_read_again_and_one_rolled_back_is_forgotten(archive):
    """Postings only grow, so a stop band is remembered per engine once the transaction that saw
    it commits; seen in a transaction that rolls back (its postings may be gone), it is not."""
    from archive.dedup import STOP_BAND, candidate_versions
    from archive.similarity import text_bands

    full = qingyuan_official()
    o = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t2.html", full, "清远市2022年教育工作要点"))
    bands = text_bands(record("x", full, "t")["text_normalized"])
    only_band_0 = [bands[0], *[-1] * (len(bands) - 1)]
    filler = [store(archive, MIRROR, record(f"https://www.wm114.cn/f/{i}.html", [f"第{i}号无关通知的正文内容"] * 3,
                                            f"无关{i}")) for i in range(STOP_BAND + 1)]
    with archive.sessions() as s:
        original_version = s.scalar(select(Version.id).where(Version.document_id == o))
        filler_versions = list(s.scalars(select(Version.id).where(Version.document_id.in_(filler))))
        s.add_all(ShingleBand(version_id=v, band=0, hash=bands[0]) for v in filler_versions)
        s.flush()
        assert candidate_versions(s, only_band_0) == []  # a stop band in this transaction...
        s.rollback()
        assert candidate_versions(s, only_band_0) == [original_version]  # ...rolled back: read again
        s.commit()
    with archive.sessions() as s:
        assert candidate_versions(s, only_band_0) == [original_version]

    with archive.sessions.begin() as s:
        s.add_all(ShingleBand(version_id=v, band=0, hash=bands[0]) for v in filler_versions)
    with archive.sessions.begin() as s:
        assert candidate_versions(s, only_band_0) == []  # seen, and this transaction commits
    with archive.sessions.begin() as s:  # the crowd's postings gone behind the archive's back:
        s.execute(delete(ShingleBand).where(ShingleBand.version_id.in_(filler_versions)))
    with archive.sessions() as s:  # band 0 is not read again, so it still counts as a stop band
        assert candidate_versions(s, only_band_0) == []


def test_a_band_value_held_by_many_versions_is_a_stop_band_and_reads_a_bounded_number_of_rows(archive):
    """Stock-phrase band values (held by more than STOP_BAND versions) are skipped, so the rows
    read per new notice stay bounded; a copy is still found through its other bands."""
    from archive.dedup import STOP_BAND, candidate_versions
    from archive.similarity import text_bands

    full = qingyuan_official()
    o = store(archive, OFFICIAL_2, record("https://www.qingyuan.gov.cn/jyj/t2.html", full, "清远市2022年教育工作要点"))
    bands = text_bands(record("x", full, "t")["text_normalized"])
    with archive.sessions.begin() as s:
        original_version = s.scalar(select(Version.id).where(Version.document_id == o))
        # STOP_BAND + 1 other versions hold band 0's value: band 0 becomes a stop band.
        filler = [store(archive, MIRROR, record(f"https://www.wm114.cn/f/{i}.html", [f"第{i}号无关通知的正文内容"] * 3,
                                                f"无关{i}")) for i in range(STOP_BAND + 1)]
        filler_versions = list(s.scalars(select(Version.id).where(Version.document_id.in_(filler))))
        s.add_all(ShingleBand(version_id=v, band=0, hash=bands[0]) for v in filler_versions)
    with archive.sessions() as s:
        assert candidate_versions(s, bands) == [original_version]  # band 0's crowd is ignored
        only_band_0 = [bands[0], *[-1] * (len(bands) - 1)]
        assert candidate_versions(s, only_band_0) == []
    cut = store(archive, DOCSHARE, record("https://www.wnwk.com/p/9.html", full[:20], "清远市2022年教育工作要点"))
    assert cluster_of(archive, cut) == cluster_of(archive, o)  # a paywall cut, found through the bands
