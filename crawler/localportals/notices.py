"""The notices the sample portals publish: the five seeds plus generated ones.

Seed notices are cut out of the captured texts in ``seeds/`` (copied from
``shared/seeds``; ``000_simplified_original.txt`` is seed 000 converted back to simplified
script with OpenCC t2s and its pinyin annotations removed, i.e. the official page the
traditional copy was made from). Generated notices are deterministic (a seeded RNG) and
distinct from each other, so every list page paginates and dedup has no accidental twins.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


@dataclass
class Notice:
    slug: str  # stable key; the page path is derived from it per site
    title: str
    published: datetime | None
    paragraphs: list[str]
    source: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (shown name, file name)
    gov_info_table: bool = False  # 政府信息公开 metadata table above the body
    spam_line: str | None = None  # injected SEO spam (a hacked page)
    header_lines: list[str] = field(default_factory=list)  # page-specific lines above the body
    footer_lines: list[str] = field(default_factory=list)  # page-specific lines below the body
    mirror_posted: datetime | None = None


def seed_lines(name: str) -> list[str]:
    path = next(SEEDS_DIR.glob(f"{name}*.txt"))
    return path.read_text(encoding="utf-8").splitlines()


def _paragraphs(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def kaiping_plan() -> Notice:
    """Seed 000 as the official page it was copied from (simplified script)."""
    lines = seed_lines("000_simplified_original")
    body = [line.strip() for line in lines if line.strip().startswith("(")]
    return Notice(
        slug="kaiping-2022-plan",
        title="开平市教育局2022年工作计划",
        published=datetime(2022, 1, 12, 17, 20),
        paragraphs=body,
        source="本网",
        spam_line=lines[-1].strip(),
        attachments=[("开平市教育局2022年工作计划（印发稿）.pdf", "kp2022plan.pdf")],
    )


def kaiping_plan_traditional() -> Notice:
    """Seed 000 verbatim: the traditional-script copy with pinyin glued on, as a mirror reposts it."""
    lines = seed_lines("000_212bb75c45bfdaf9")
    body = [line.strip() for line in lines if line.strip().startswith("(")]
    return Notice(
        slug="kaiping-2022-plan-trad",
        title="開平市教育局2022年工作計劃",
        published=datetime(2022, 1, 12, 17, 20),
        paragraphs=body,
        header_lines=["發(fā)布日期:2022-01-12 17:20", "來源:開平市教育局"],
        source="開平市教育局",
        mirror_posted=datetime(2022, 3, 2, 10, 15, 4),
    )


def qingyuan_points() -> Notice:
    """Seed 002: 清远市2022年教育工作要点 on the official 清远市教育局 site."""
    lines = seed_lines("002_")
    return Notice(
        slug="qingyuan-2022-points",
        title="清远市2022年教育工作要点",
        published=datetime(2022, 3, 28),
        paragraphs=_paragraphs(lines[7:100]),
        source="本网",
    )


def qingyuan_points_truncated() -> Notice:
    """Seed 002 cut by a content farm's paywall after its first sections."""
    full = qingyuan_points()
    kept = full.paragraphs[:12]
    return Notice(
        slug="qingyuan-2022-points-cut",
        title="清远市2022年教育工作要点",
        published=None,
        paragraphs=kept,
        footer_lines=["……(未完,全文共17976字,当前仅显示4120字,请阅读下面提示信息。收藏《清远市2022年教育工作要点》"],
        mirror_posted=datetime(2022, 4, 2, 9, 12, 45),
    )


def farm_summary() -> Notice:
    """Seed 001: a municipal summary and plan as a content farm shows it (paywall cuts)."""
    lines = seed_lines("001_")
    body = [line.strip() for line in lines[22:45] if line.strip()]
    return Notice(
        slug="farm-2021-summary",
        title="市教育局2021年工作总结、2022年工作部署及民生实事建议",
        published=None,
        paragraphs=body,
        header_lines=[line.strip() for line in lines[5:20]],  # 目录/提纲 block
        mirror_posted=datetime(2023, 1, 16, 16, 30, 26),
    )


def docshare_plan() -> Notice:
    """Seed 003: a 合肥 plan re-hosted as a .docx preview on a document-sharing site."""
    lines = seed_lines("003_")
    return Notice(
        slug="docshare-hefei-plan",
        title="2023年教育局度教育教学工作计划",
        published=None,
        paragraphs=_paragraphs(lines[21:50]),
        header_lines=[line.strip() for line in lines[4:19] if line.strip()],
        mirror_posted=datetime(2023, 4, 23),
    )


def docshare_wujin() -> Notice:
    """Seed 004: 2021年武進教育工作要點 reposted in traditional script (中小学 → 中國小)."""
    lines = seed_lines("004_")
    return Notice(
        slug="docshare-wujin-points",
        title="2021年武進教育工作要點",
        published=None,
        paragraphs=_paragraphs(lines[4:85]),
        source="巧巧簡歷站",
    )


# --- generated notices -------------------------------------------------------------------

TOPICS = (
    ("关于做好{year}年春季学期开学工作的通知", "开学", "春季学期开学"),
    ("关于开展{year}年中小学校园安全隐患排查整治的通知", "安全", "校园安全隐患排查整治"),
    ("关于公布{year}年义务教育阶段学校招生方案的通知", "招生", "义务教育阶段招生"),
    ("关于组织{year}年中小学教师继续教育培训的通知", "培训", "教师继续教育培训"),
    ("关于开展{year}年学生资助政策宣传活动的通知", "资助", "学生资助政策宣传"),
    ("关于做好{year}年防溺水安全教育工作的通知", "防溺水", "防溺水安全教育"),
    ("关于印发{year}年校外培训机构专项治理方案的通知", "双减", "校外培训机构专项治理"),
    ("关于举办{year}年中小学生艺术展演活动的通知", "艺术", "中小学生艺术展演"),
    ("关于开展{year}年学前教育宣传月活动的通知", "学前", "学前教育宣传月"),
    ("关于做好{year}年普通高中学业水平考试工作的通知", "考试", "普通高中学业水平考试"),
    ("关于推进{year}年智慧校园建设工作的通知", "信息化", "智慧校园建设"),
    ("关于开展{year}年中小学体质健康监测工作的通知", "体育", "学生体质健康监测"),
)
ACTIONS = (
    "各学校要成立以校长为组长的工作小组，明确分工，层层落实责任。",
    "请各单位于{month}月{day}日前将工作方案报送局{office}，逾期未报的予以通报。",
    "各镇（街道）中心学校要加强统筹，对辖区内{count}所学校逐一开展督导检查。",
    "要把{topic}工作纳入学校年度考核，考核结果与评先评优挂钩。",
    "各校要建立工作台账，做到问题、措施、责任、时限“四清单”。",
    "局{office}将组织专项检查组，对各校{topic}情况进行随机抽查。",
    "各校要通过家长会、致家长一封信等形式，向{count}名学生家长做好宣传解释。",
    "工作中遇到的问题，请及时与局{office}联系，联系电话：0750-22{phone}。",
    "对工作落实不到位、造成不良影响的单位，将依规依纪严肃问责。",
    "各学校要结合实际制定实施细则，确保{topic}工作取得实效。",
)
OFFICES = ("办公室", "基础教育股", "安全管理股", "人事股", "计财股", "教研室")


def generated_notices(agency: str, prefix: str, count: int, *, seed: int, years=(2021, 2022, 2023),
                      doc_prefix: str | None = None) -> list[Notice]:
    """``count`` distinct, plausible notices of ``agency`` (deterministic for one ``seed``)."""
    rng = random.Random(seed)
    notices = []
    start = datetime(min(years), 1, 4, 9, 0)
    span_days = 365 * len(years) - 10
    for i in range(count):
        template, short, topic = TOPICS[(i + seed) % len(TOPICS)]
        published = start + timedelta(days=span_days * (count - i) // (count + 1),
                                      hours=rng.randrange(0, 8), minutes=rng.randrange(0, 60))
        year = published.year
        title = template.format(year=year)
        office = rng.choice(OFFICES)
        paragraphs = [f"各镇（街道）中心学校、局属各学校（{i + 1}）：",
                      f"为做好{year}年{topic}工作，根据上级有关文件精神，结合我局实际，现就有关事项通知如下："]
        for n, action in enumerate(rng.sample(ACTIONS, 5), start=1):
            text = action.format(month=rng.randrange(1, 13), day=rng.randrange(1, 29), office=office,
                                 count=rng.randrange(12, 480), topic=topic, phone=rng.randrange(1000, 9999))
            paragraphs.append(f"{'一二三四五'[n - 1]}、{text}")
        paragraphs.append(f"本通知自印发之日起执行，{short}工作中的新情况请及时报告。")
        paragraphs += [agency, f"{year}年{published.month}月{published.day}日"]
        number = rng.randrange(3, 180)
        notices.append(Notice(
            slug=f"{prefix}-{year}-{i:03d}",
            title=title,
            published=published,
            paragraphs=paragraphs,
            source=agency if i % 3 else "本网",
            issuer=agency,
            doc_number=f"{doc_prefix}〔{year}〕{number}号" if doc_prefix else None,
            index_number=f"0070{seed:02d}{i:03d}/{year}-{number:05d}",
        ))
    return notices
