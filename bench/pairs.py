"""Labelled pairs for the copy-detection benchmark, generated deterministically.

Reads the five seed captures (``crawler/localportals/seeds/``, else ``../shared/seeds/``).
Originals are the seeds' bodies in simplified script plus synthetic notices; copies are
made by the damage real mirrors do (README of the seeds), then every text goes through
``archive.normalize.normalize_text`` exactly as the crawler stores it.

Positives: an original and one damaged copy of it. Damage kinds, at several strengths:
script conversion (character, Taiwan phrases incl. 中小学→中國小), pinyin glued after
characters, paywall truncation to 30/50/70% and a farm's middle elision, spun wording at
2–10% of words, injected spam lines, .docx preview page markers, redaction (** and xx年),
and the three combinations the seeds show (mirror, content farm, document-sharing site).

Real text: the gold bodies of ``tests/realweb`` (real saved pages), one family per site.

Negatives: every pair of distinct originals, which includes the hard ones built on purpose:
sibling notices from one agency's template (same topic, other year; other topic, same
year), the same work plan for two years (30/50/70% of items carried over, years moved
on), a seed plan's next-year edition, notices quoting one long boilerplate block; plus
damaged copies of one hard sibling against the other.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIRS = (ROOT / "crawler" / "localportals" / "seeds", ROOT.parent / "shared" / "seeds")
SEED_FILES = ("000_212bb75c45bfdaf9.txt", "001_93777ed66efac09e.txt", "002_3472fd7af5b6594c.txt",
              "003_ad52b57c1fd2b68c.txt", "004_dd1d79d2d1f1e48d.txt")

LONG = 1000  # characters: shorter notices are not paywalled or previewed in pages


@dataclass(frozen=True)
class Original:
    name: str
    text: str  # simplified, paragraphs separated by "\n"
    family: str  # siblings share a family; pairs within a family are the hard negatives


@dataclass(frozen=True)
class Pair:
    a: str  # normalised text
    b: str  # normalised text
    same: bool
    kind: str  # damage kind for positives, negative kind for negatives
    names: tuple[str, str]


def rng_for(*parts: object) -> random.Random:
    """A random generator fixed by its name (deterministic across runs and processes)."""
    return random.Random(zlib.crc32("/".join(map(str, parts)).encode("utf-8")))


# -- seeds ----------------------------------------------------------------------------------

def seed_text(name: str) -> str:
    for folder in SEED_DIRS:
        if (folder / name).exists():
            return (folder / name).read_text(encoding="utf-8")
    raise FileNotFoundError(f"seed {name} not found in {', '.join(map(str, SEED_DIRS))}")


@cache
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    return _converter(config).convert(text)


PINYIN_GLUED = re.compile(r"\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)")


def _between(text: str, start: str, end: str | None) -> list[str]:
    body = text[text.index(start):text.index(end) if end else None]
    return [line.strip() for line in body.splitlines() if line.strip()]


def seed_originals() -> list[Original]:
    """The five seeds as their official originals: simplified, chrome and damage removed."""
    s000 = seed_text(SEED_FILES[0])
    kaiping = [convert(PINYIN_GLUED.sub("", line.strip()), "t2s") for line in s000.splitlines()
               if line.strip().startswith("(")]
    s001 = seed_text(SEED_FILES[1])
    farm = [line for line in _between(s001, "一、2021年工作总结", "……(未完") if not line.startswith("……(")]
    s002 = seed_text(SEED_FILES[2])
    qingyuan = _between(s002, "2022年,全市教育工作", "扫一扫")
    s003 = seed_text(SEED_FILES[3])
    hefei = [re.sub(r"^\d+、", "", line) for line in _between(s003, "1、教育体育局", "展开阅读全文")]
    s004 = seed_text(SEED_FILES[4])
    wujin = [convert(line, "t2s").replace("中国小", "中小学")
             for line in _between(s004, "2021年是中國共產黨", "熱門標籤")]
    return [
        Original("seed000_kaiping_2022", "\n".join(kaiping), "kaiping"),
        Original("seed001_farm_2021", "\n".join(farm), "farm"),
        Original("seed002_qingyuan_2022", "\n".join(qingyuan), "qingyuan"),
        Original("seed003_hefei", "\n".join(hefei), "hefei"),
        Original("seed004_wujin_2021", "\n".join(wujin), "wujin"),
    ]


# -- synthetic notices ----------------------------------------------------------------------

# A sentence grammar with word-sized slots: two notices written from it share about as many
# 5-grams as two real plans from different cities do (containment 0.01–0.05 on the seeds).
WHEN = ("", "", "今年", "年内", "上半年", "下半年", "本学期", "{m}月底前", "{m}月起", "新学年")
WHO = ("各学校", "市教育局", "各县区教育局", "局属各单位", "各幼儿园", "教研室", "各高中", "各职业学校",
       "各镇街中心学校", "民办学校", "各学区", "教育督导室", "基础教育科", "人事科", "计财科", "安全科",
       "招生办", "团委", "各乡镇", "直属学校")
HOW = ("进一步", "切实", "全面", "扎实", "持续", "认真", "着力", "统筹", "积极", "不断", "大力", "稳步", "深入",
       "加快", "严格")
DO = ("加强", "推进", "落实", "开展", "完善", "深化", "规范", "提升", "健全", "优化", "实施", "抓好", "做好",
      "强化", "推动", "建立", "改进", "巩固", "拓展", "创新")
WHERE = ("农村", "城区", "县域", "中小学", "幼儿园", "职业", "高中", "特殊", "民办", "公办", "薄弱", "寄宿制",
         "乡镇", "山区", "新建", "义务", "学前", "课后", "心理", "劳动", "体育", "艺术", "科技", "智慧", "数字")
FIELD = ("教师", "学生", "校园", "课程", "教学", "管理", "安全", "资助", "招生", "考试", "评价", "督导", "食堂",
         "宿舍", "德育", "家校", "后勤", "资产", "经费", "装备", "信息", "读书", "体质", "卫生", "防疫")
THING = ("工作", "体系", "机制", "队伍", "制度", "项目", "标准", "平台", "水平", "能力", "质量", "条件", "服务",
         "环境", "保障", "建设", "改革", "行动", "计划", "方案")
HOW_MUCH = ("新增{n}个学位", "完成{k}所学校{thing}", "培训{field}{n}人次", "投入{x}万元", "覆盖{n}名学生",
            "建成{k}个{field}{thing}", "达标率达到{p}%", "检查{k}次", "整改{k}项问题", "惠及{n}户家庭",
            "招聘{k}名{field}人员", "配备{k}套{field}设备")
WHY = ("确保任务落到实处", "推动高质量发展", "提升群众满意度", "减轻学生负担", "提供人才支撑", "办好人民满意的教育",
       "形成长效机制", "营造良好环境", "守住安全底线", "促进教育公平", "补齐短板弱项", "激发办学活力",
       "服务地方发展", "夯实发展基础", "增强人民获得感", "提高育人质量")


def sentence(rng: random.Random, year: int) -> str:
    def pick(words):
        return rng.choice(words)

    amount = pick(HOW_MUCH).format(n=rng.randrange(120, 9000), x=rng.randrange(50, 5000), k=rng.randrange(3, 40),
                                   p=rng.randrange(85, 100), thing=pick(THING), field=pick(FIELD))
    when = pick(WHEN).format(m=rng.randrange(3, 13))
    return (f"{when}{pick(WHO)}{pick(HOW)}{pick(DO)}{pick(WHERE)}{pick(FIELD)}{pick(THING)}，"
            f"{pick(DO)}{pick(WHERE)}{pick(FIELD)}{pick(THING)}，{amount}，{pick(WHY)}。")


def paragraph(rng: random.Random, year: int, n: int) -> str:
    return "".join(sentence(rng, year) for _ in range(n))


def bump_years(text: str, by: int) -> str:
    return re.sub(r"20(\d\d)(?=年|—|-|届|学年)", lambda m: f"20{int(m.group(1)) + by:02d}", text)


def work_plan(city: str, year: int, items: list[str]) -> str:
    head = (f"{year}年，全{city}教育工作的总体思路是：以习近平新时代中国特色社会主义思想为指导，全面贯彻党的"
            f"教育方针，落实立德树人根本任务，深化教育领域综合改革，加快推进{city}教育现代化，办好人民满意的教育。")
    lines = [head]
    for i, item in enumerate(items, start=1):
        if i in (1, 7, 13):
            lines.append(f"{'一二三'[(i - 1) // 6]}、{('聚焦党建引领', '聚焦优质均衡', '聚焦队伍建设')[(i - 1) // 6]}")
        lines.append(f"{i}.{item}")
    return "\n".join(lines)


def plan_pair(city: str, carried: float, family: str) -> list[Original]:
    """One agency's work plans for two years; ``carried`` of the items reappear next year."""
    rng = rng_for("plan", city)
    first = [paragraph(rng, 2021, 3) for _ in range(18)]
    second = [bump_years(item, 1) if rng.random() < carried else paragraph(rng, 2022, 3) for item in first]
    return [Original(f"plan_{city}_2021", work_plan(city, 2021, first), family),
            Original(f"plan_{city}_2022_carried{int(carried * 100)}", work_plan(city, 2022, second), family)]


def next_year_edition(original: Original, carried: float) -> Original:
    """A seed plan's next-year edition: ``carried`` of its paragraphs kept (years moved on)."""
    rng = rng_for("edition", original.name)
    lines = [bump_years(line, 1) if rng.random() < carried else paragraph(rng, 2023, 2)
             for line in original.text.split("\n")]
    return Original(f"{original.name}_next_year", "\n".join(lines), original.family)


# Sibling notices from one template (the shape of the bundled sample portals' notices).
TOPICS = (("春季学期开学", "开学"), ("校园安全隐患排查整治", "安全"), ("义务教育阶段招生", "招生"),
          ("教师继续教育培训", "培训"), ("防溺水安全教育", "防溺水"), ("学生资助政策宣传", "资助"))
# The sentences and offices the bundled sample portals build their notices from.
from crawler.localportals.notices import ACTIONS, OFFICES  # noqa: E402


def template_notice(agency: str, topic: int, year: int, variant: int) -> Original:
    rng = rng_for("template", agency, topic, year, variant)
    long_topic, short = TOPICS[topic]
    office = rng.choice(OFFICES)
    lines = ["各镇（街道）中心学校、局属各学校：",
             f"为做好{year}年{long_topic}工作，根据上级有关文件精神，结合我市实际，现就有关事项通知如下："]
    for n, action in enumerate(rng.sample(ACTIONS, 6), start=1):
        lines.append(f"{'一二三四五六'[n - 1]}、" + action.format(
            month=rng.randrange(1, 13), day=rng.randrange(1, 29), office=office,
            count=rng.randrange(12, 480), topic=long_topic, phone=rng.randrange(1000, 9999)))
    lines += [f"本通知自印发之日起执行，{short}工作中的新情况请及时报告。", agency,
              f"{year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日"]
    return Original(f"template_{topic}_{year}_{variant}", "\n".join(lines), f"template_{agency}")


def template_notices() -> list[Original]:
    agency = "开平市教育局"
    notices = [template_notice(agency, topic, year, 0) for topic in range(6) for year in (2021, 2022)]
    notices += [template_notice(agency, topic, 2022, 1) for topic in (1, 4)]  # same topic, same year
    return notices


def boilerplate_notices(block: str) -> list[Original]:
    """Notices that quote one long boilerplate block (a policy's guiding ideas) amid their own text."""
    out = []
    for i, (city, before, after) in enumerate((("清远", 1, 6), ("韶关", 2, 5), ("肇庆", 2, 3),
                                                ("云浮", 1, 3))):
        rng = rng_for("boilerplate", city)
        body = [f"各县（市、区）教育局：为贯彻落实{city}市委市政府部署，现就有关工作通知如下。"]
        body += [paragraph(rng, 2022, 2) for _ in range(before)]
        body += ["有关工作要求如下：", block]
        body += [paragraph(rng, 2022, 2) for _ in range(after)]
        out.append(Original(f"boilerplate_{i}_{city}", "\n".join(body), "boilerplate"))
    return out


def originals() -> list[Original]:
    seeds = seed_originals()
    qingyuan = seeds[2]
    block = "\n".join(qingyuan.text.split("\n")[:4])  # 总体思路 and the first items: ~900 characters
    out = list(seeds)
    out.append(next_year_edition(qingyuan, 0.5))
    out.append(next_year_edition(seeds[4], 0.7))
    for city, carried in (("韶关", 0.3), ("肇庆", 0.5), ("云浮", 0.7)):
        out += plan_pair(city, carried, f"plan_{city}")
    out += template_notices()
    out += boilerplate_notices(block)
    out += real_site_notices()
    return out


REALWEB = ROOT / "tests" / "realweb" / "detail"


def real_site_notices() -> list[Original]:
    """Gold bodies of the real saved pages (tests/realweb), one family per site: notices of
    one agency and one template with different substance are the hard negatives real
    portals make, and their damaged copies are positives cut from real text."""
    out = []
    for gold_path in sorted(REALWEB.glob("*/*/*.json")):
        text = json.loads(gold_path.read_text(encoding="utf-8"))["gold"]["text"]
        if len(text) >= 200:  # attachment-only pages carry a line, not a notice to compare
            site = gold_path.parent.name
            out.append(Original(f"real_{site}_{gold_path.stem}", text, f"real_{site}"))
    return out


# -- damage ---------------------------------------------------------------------------------

# Traditional characters with the pinyin a converter glued after them (seed 000 and like it).
PINYIN = {"網": "wǎng", "續": "xù", "發": "fā", "業": "yè", "統": "tǒng", "態": "tài", "優": "yōu",
          "規": "guī", "聯": "lián", "執": "zhí", "節": "jié", "穩": "wěn", "現": "xiàn", "區": "qū",
          "學": "xué", "國": "guó", "會": "huì", "質": "zhì", "體": "tǐ", "設": "shè", "實": "shí",
          "務": "wù", "項": "xiàng", "級": "jí", "導": "dǎo", "師": "shī", "長": "zhǎng", "開": "kāi",
          "員": "yuán", "應": "yīng", "進": "jìn", "機": "jī", "資": "zī", "點": "diǎn", "強": "qiáng",
          "動": "dòng", "關": "guān", "經": "jīng", "為": "wèi", "這": "zhè", "園": "yuán"}
# Taiwan phrasing a converter applies on top of characters (seed 004: 中小学 → 中國小).
TW_PHRASES = {"中小學": "中國小", "小學": "國小", "初中": "國中", "信息": "資訊", "網絡": "網路",
              "軟件": "軟體", "質量": "品質", "視頻": "影片"}
# Synonym spinning as seed 003 shows it (发展→开展, 服务→效劳, 广大→广阔, 基础→根底, 安全→平安).
SPIN = {"发展": "开展", "服务": "效劳", "广大": "广阔", "基础": "根底", "安全": "平安", "创建": "创立",
        "达到": "到达", "提高": "进步", "加强": "增强", "积极": "踊跃", "充分": "充沛", "推进": "推动",
        "全面": "周全", "组织": "构造", "实施": "施行", "保障": "保证", "规范": "标准", "能力": "才能",
        "问题": "咨询题", "水平": "程度", "管理": "办理", "学生": "学员", "教师": "老师", "质量": "品质",
        "建设": "建立", "完善": "完好", "重点": "要点", "深化": "深入", "工作": "作业", "提升": "晋升",
        "落实": "贯彻", "机制": "机理", "开展": "展开", "坚持": "坚持不懈", "确保": "保证", "目标": "方针"}
SPAM = ("中文字幕毛片无码av不卡,国产一区精品视频,777国产偷窥盗摄精品原味,99精品国产综合 欧美一级α片中文字幕",
        "澳门新葡京娱乐场官网 www.88vip.com 注册即送888元彩金 365bet体育在线投注",
        "免费看片网站 高清无码 在线观看 加微信 kf6688 领取福利",
        "代开发票 联系电话 13800138000 诚信经营 假一赔十")
PLACES = ("开平", "清远", "合肥", "武进", "长沙", "韶关", "肇庆", "云浮", "江门", "常州")


def to_traditional(text: str, rng: random.Random, phrases: bool) -> str:
    out = convert(text, "s2t")
    if phrases:
        for simp, tw in TW_PHRASES.items():
            out = out.replace(simp, tw)
    return out


def glue_pinyin(text: str, rng: random.Random, rate: float) -> str:
    return "".join(f"{ch}({PINYIN[ch]})" if ch in PINYIN and rng.random() < rate else ch for ch in text)


def truncate(text: str, rng: random.Random, keep: float) -> str:
    cut = int(len(text) * keep)
    return (text[:cut] + f" ……(未完,全文共{len(text)}字,当前仅显示{cut}字,请阅读下面提示信息。"
            "收藏《本文》\n文章搜索\n相关文章")


def elide_middle(text: str, rng: random.Random) -> str:
    """A content farm's member-only gap in the middle, then a paywall cut (seed 001)."""
    a, b, c = int(len(text) * 0.25), int(len(text) * 0.4), int(len(text) * 0.75)
    return (text[:a] + f"\n……(新文秘网http://www.wm114.cn省略{b - a}字,正式会员可完整阅读)……\n"
            + text[b:c] + f" ……(未完,全文共{len(text)}字,当前仅显示{c - (b - a)}字,请阅读下面提示信息。")


def spin(text: str, rng: random.Random, rate: float) -> str:
    """Swap dictionary words for synonyms until about ``rate`` of all words are swapped."""
    words = len(text) / 1.7  # an average Chinese word is ~1.7 characters
    spots = [(m.start(), m.group()) for m in re.finditer("|".join(SPIN), text)]
    chosen = sorted(rng.sample(spots, min(len(spots), round(words * rate))), reverse=True)
    for at, word in chosen:
        text = text[:at] + SPIN[word] + text[at + len(word):]
    return text


def inject_spam(text: str, rng: random.Random, lines: int) -> str:
    paragraphs = text.split("\n")
    for i in range(lines):
        paragraphs.insert(len(paragraphs) if i == 0 else rng.randrange(1, len(paragraphs)), SPAM[i % len(SPAM)])
    return "\n".join(paragraphs)


def page_markers(text: str, rng: random.Random) -> str:
    """A .docx preview: page list header and ``N、`` chunk markers mid-sentence (seed 003)."""
    flat = " ".join(text.split("\n"))
    pages = max(2, len(flat) // 700)
    header = "\n".join(f"本文档.docx_第{i}页\n第{i}页 / 共{pages}页" for i in range(1, min(pages, 6) + 1))
    chunks = [flat[i:i + 700] for i in range(0, len(flat), 700)]
    body = "\n\n".join(f"{n}、{chunk}" for n, chunk in enumerate(chunks, start=1))
    return f"{header}\n亲,该文档总共{pages}页,到这儿已超出免费预览范围,如果喜欢就下载吧!\n资源描述\n\n{body}"


def redact(text: str, rng: random.Random) -> str:
    text = re.sub(r"20\d\d(?=年)", "xx", text)
    return re.sub("|".join(PLACES), "**", text)


def farm_header(text: str, rng: random.Random) -> str:
    """A farm's breadcrumb and its table of contents repeating the headings (seed 001)."""
    headings = [line for line in text.split("\n") if re.match(r"^[一二三四五六七八九十]+、|^\(\S\)", line)]
    return ("您的位置:新文秘网>>教育/工作总结/计划规划/>>正文\n发表时间:2023/1/16 16:30:26\n目录/提纲:……\n"
            + "\n".join(headings[:12]) + "\n……\n" + text)


Damage = Callable[[str, random.Random], str]


def _chain(*steps: Damage) -> Damage:
    def run(text: str, rng: random.Random) -> str:
        for step in steps:
            text = step(text, rng)
        return text
    return run


DAMAGES: dict[str, tuple[Damage, bool]] = {  # kind: (damage, only for long notices)
    "script_characters": (lambda t, r: to_traditional(t, r, phrases=False), False),
    "script_tw_phrases": (lambda t, r: to_traditional(t, r, phrases=True), False),
    "pinyin_5pct": (lambda t, r: glue_pinyin(to_traditional(t, r, False), r, 0.05), False),
    "pinyin_30pct": (lambda t, r: glue_pinyin(to_traditional(t, r, False), r, 0.3), False),
    "truncated_30pct": (lambda t, r: truncate(t, r, 0.3), True),
    "truncated_50pct": (lambda t, r: truncate(t, r, 0.5), True),
    "truncated_70pct": (lambda t, r: truncate(t, r, 0.7), True),
    "farm_elided": (elide_middle, True),
    "spun_2pct": (lambda t, r: spin(t, r, 0.02), False),
    "spun_5pct": (lambda t, r: spin(t, r, 0.05), False),
    "spun_8pct": (lambda t, r: spin(t, r, 0.08), False),
    "spun_10pct": (lambda t, r: spin(t, r, 0.10), False),
    "spam_1line": (lambda t, r: inject_spam(t, r, 1), False),
    "spam_3lines": (lambda t, r: inject_spam(t, r, 3), False),
    "page_markers": (page_markers, True),
    "redacted": (redact, False),
    "combo_mirror": (_chain(lambda t, r: to_traditional(t, r, True), lambda t, r: glue_pinyin(t, r, 0.1),
                            lambda t, r: inject_spam(t, r, 1)), False),
    "combo_farm": (_chain(redact, lambda t, r: truncate(t, r, 0.5), farm_header), True),
    "combo_docshare": (_chain(lambda t, r: spin(t, r, 0.05), redact, page_markers), True),
}
# Damage applied to one hard sibling before comparing it with the other.
HARD_DAMAGES = ("script_tw_phrases", "truncated_50pct", "spun_5pct", "page_markers", "redacted")


def damaged(original: Original, kind: str) -> str:
    damage, _ = DAMAGES[kind]
    return damage(original.text, rng_for(original.name, kind))


# -- pairs ----------------------------------------------------------------------------------

def _negative_kind(a: Original, b: Original) -> str:
    if a.family != b.family:
        return "different_notice"
    if a.family.startswith("template"):
        return "template_sibling"
    if a.family == "boilerplate":
        return "shared_boilerplate"
    if a.family.startswith("real_"):
        return "real_site_sibling"
    return "other_year"


def crawler_normalized(text: str) -> str:
    """``text_normalized`` as the crawler stores it: body lines cleaned, then normalised."""
    from archive.normalize import normalize_text
    from crawler.extract.linerules import clean_lines

    kept, _flags = clean_lines(text.split("\n"))
    return normalize_text("\n".join(kept))[0]


def generate_pairs(normalize: Callable[[str], str] = crawler_normalized) -> list[Pair]:
    """Every labelled pair, texts normalised by ``normalize`` (default: the crawler's)."""
    cache_: dict[str, str] = {}

    def norm(text: str) -> str:
        if text not in cache_:
            cache_[text] = normalize(text)
        return cache_[text]

    return list(_pairs(originals(), norm))


def _pairs(bases: list[Original], norm: Callable[[str], str]) -> Iterator[Pair]:
    for base in bases:
        for kind, (_, long_only) in DAMAGES.items():
            if long_only and len(base.text) < LONG:
                continue
            yield Pair(norm(base.text), norm(damaged(base, kind)), True, kind, (base.name, base.name))
    for i, a in enumerate(bases):
        for b in bases[i + 1:]:
            kind = _negative_kind(a, b)
            yield Pair(norm(a.text), norm(b.text), False, kind, (a.name, b.name))
            if kind == "different_notice":
                continue
            for damage in HARD_DAMAGES:
                if DAMAGES[damage][1] and len(a.text) < LONG:
                    continue
                yield Pair(norm(damaged(a, damage)), norm(b.text), False, f"{kind}+{damage}", (a.name, b.name))
