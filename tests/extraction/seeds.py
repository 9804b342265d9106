"""Cut the five shared seed captures (copied from ../shared/seeds into crawler/localportals/seeds) into title, body paragraphs and chrome.

The seeds are plain-text captures with their noise; which lines are body and which are
page chrome is decided here, once, by explicit markers, so the gold body of every page
built from a seed is exact by construction.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS_DIR = Path(os.environ.get("EDUNOTICE_SEEDS", Path(__file__).resolve().parents[2] / "crawler" / "localportals" / "seeds"))

# A converter's pinyin annotation glued after a character: 網(wǎng), 係(xì)
PINYIN_ARTIFACT = re.compile(r"\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")


@dataclass
class Seed:
    title: str
    paras: list[str]
    chrome: dict[str, str | list[str]] = field(default_factory=dict)


def clean(line: str) -> str:
    """Collapse whitespace (incl. U+3000, U+00A0) the way gold bodies are written."""
    return " ".join(line.split())


def _lines(name: str) -> list[str]:
    return (SEEDS_DIR / name).read_text(encoding="utf-8").splitlines()


def _between(lines: list[str], start: str, end: str | None) -> list[str]:
    """Non-empty cleaned lines strictly after the first line starting with ``start``
    and before the next line starting with ``end``."""
    out: list[str] = []
    inside = False
    for raw in lines:
        line = clean(raw)
        if not inside:
            inside = line.startswith(start)
            continue
        if end is not None and line.startswith(end):
            break
        if line:
            out.append(line)
    return out


def kaiping() -> Seed:
    """000: 开平市教育局2022年工作计划, traditional script with pinyin artifacts."""
    lines = _lines("000_212bb75c45bfdaf9.txt")
    paras = _between(lines, "【字體:", "相關附件")
    spam = clean(lines[-1]).split("=== ")[0]
    return Seed(
        title="開平市教育局2022年工作計劃",
        paras=paras,
        chrome={"spam": spam},
    )


def wm114() -> Seed:
    """001: the 新文秘网 content-farm repost with a TOC and two paywall cuts."""
    lines = _lines("001_93777ed66efac09e.txt")
    title = "市教育局2021年工作总结、2022年工作部署及民生实事建议"
    toc = _between(lines, "目录/提纲", "……")
    toc = [t for t in toc if t != "……"]
    # The body starts at the repeated title after the TOC and runs to the final cut.
    start = next(i for i, raw in enumerate(lines) if clean(raw) == title and i > 10)
    body: list[str] = []
    for raw in lines[start:]:
        line = clean(raw)
        if not line:
            continue
        if line.startswith("……(新文秘网"):
            body.append("<<CUT1>>")
            continue
        if "……(未完" in line:
            head, _, _ = line.partition("……(未完")
            body.append(head.strip())
            break
        body.append(line)
    return Seed(title=title, paras=body, chrome={"toc": toc})


def qingyuan() -> Seed:
    """002: 清远市2022年教育工作要点 on the official site."""
    lines = _lines("002_3472fd7af5b6594c.txt")
    paras = _between(lines, "来源:本网访问量", "扫一扫在手机打开当前页")
    return Seed(title="清远市2022年教育工作要点", paras=paras)


def hefei_docshare() -> Seed:
    """003: the doc-share preview; body chunks start with the page-chunk markers ``N、``."""
    lines = _lines("003_ad52b57c1fd2b68c.txt")
    paras = _between(lines, "资源描述", "展开阅读全文")
    return Seed(title="2023年教育局度教育教学工作计划", paras=paras)


def wujin() -> Seed:
    """004: 2021年武進教育工作要點 on a résumé-template farm, traditional script."""
    lines = _lines("004_dd1d79d2d1f1e48d.txt")
    paras = _between(lines, "來源:巧巧簡歷站", "熱門標籤")
    return Seed(title="2021年武進教育工作要點", paras=paras)


def strip_pinyin(text: str) -> str:
    return PINYIN_ARTIFACT.sub("", text)
