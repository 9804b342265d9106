"""The normalised text of a notice: what hashing, dedup and search use.

Pure functions on body text (no HTML, no Scrapy); the caller keeps the original
``text``. Reads ``data/conversion_damage.tsv``.

:func:`normalize_text` runs, in order:

1. strip pinyin glued after characters by a converter (網(wǎng) → 網)   flag ``pinyin_artifacts``
2. traditional → simplified with OpenCC ``t2s``                      flag ``script_converted``
   (only when the text was traditional; stray traditional characters in a
   simplified text are converted without a flag)
3. undo phrase-level conversion damage OpenCC cannot see (中国小 → 中小学)
4. NFKC: full-width digits, letters and punctuation become half-width (，→ ,)
5. remove document-share page-chunk markers that split sentences
   (``…控制在0.05%`` / ``2、以内``)                                   flag ``page_markers``
6. collapse whitespace within each paragraph; paragraphs joined by ``"\\n"``
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import opencc

from archive.tables import read_tsv

# --- script conversion -------------------------------------------------------------
# OpenCC configs measured on the five seeds (t2s output compared with each other):
#   t2s / hk2s  identical on all seeds; restore 000 and 004 except the phrase damage below.
#   tw2s        same as t2s on 000/004 but rewrites 显著 → 显着 in the simplified seed 002.
#   tw2sp       rewrites Taiwan IT terms in every seed, simplified ones included:
#               建立→创建, 核心→内核, 新增→添加, 程序→进程, 指标→指针, 预防毒品→预杀毒品;
#               and it does not undo 中國小 (not an OpenCC phrase) either.
TO_SIMPLIFIED_CONFIG = "t2s"
TO_TRADITIONAL_CONFIG = "s2t"  # only to recognise simplified-only characters

SCRIPT_HANT = "zh-Hant"
SCRIPT_HANS = "zh-Hans"

# --- pinyin annotations -------------------------------------------------------------
# Some converters gloss characters with pinyin: 網(wǎng), 發(fā), 係(xì). Only a
# parenthesised run of pinyin syllables that carries a tone mark or ü, glued to a
# CJK character, is removed; (二), (含正在修读大专学历的教师), (2021-2023) stay.
CJK_CHAR = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
PINYIN_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_SYLLABLE = rf"[a-z{PINYIN_TONED}]{{1,6}}"
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[{CJK_CHAR}])[(\uff08]"
    rf"(?=[^()\uff08\uff09]{{0,30}}[{PINYIN_TONED}])"
    rf"\s*{PINYIN_SYLLABLE}(?:\s+{PINYIN_SYLLABLE}){{0,3}}\s*[)\uff09]"
)

# --- whitespace and paragraphs ------------------------------------------------------
PARAGRAPH_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]")
INVISIBLE_CHARS = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
WHITESPACE_RUN = re.compile(r"\s+")

# --- document-share page markers ---------------------------------------------------
# Doc-share previews print each page as one chunk that starts with the page number
# and 、: "…辍学率控制在0.05%" / "2、以内;初中…". Genuine numbered items ("1、提高教育
# 科学开展水平") look the same, so a chain of consecutive numbers counts as page
# markers only when most of its chunk joins split a sentence: the paragraph before
# is a long chunk that does not end with sentence-final punctuation.
PAGE_MARKER = re.compile(r"^(\d{1,3})、")
SENTENCE_END = frozenset("。.!?;:…」』】》”’\"'")  # text is NFKC here: ！？；： are ASCII
PAGE_CHUNK_MIN_CHARS = 60


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Phrase-level traditional → simplified conversion (OpenCC t2s)."""
    return _converter(TO_SIMPLIFIED_CONFIG).convert(text)


@lru_cache(maxsize=16384)
def _fold_char(char: str) -> str:
    simplified = _converter(TO_SIMPLIFIED_CONFIG).convert(char)
    char = simplified if len(simplified) == 1 else char
    compatible = unicodedata.normalize("NFKC", char)
    return compatible if len(compatible) == 1 else char


def fold_labels(text: str) -> str:
    """The form label rules match, **of the same length** as ``text``: simplified script and
    NFKC, character by character (發佈日期：→ 发布日期:), so a match's span reads the value
    from the original text in its own script."""
    return "".join(map(_fold_char, text))


def _strip_pinyin_counted(text: str) -> tuple[str, int]:
    return PINYIN_ANNOTATION.subn("", unicodedata.normalize("NFC", text))


def has_pinyin_artifacts(text: str) -> bool:
    return _strip_pinyin_counted(text)[1] > 0


def strip_pinyin(text: str) -> str:
    """Text without converter pinyin glosses (網(wǎng) → 網), so labels and rules match."""
    return _strip_pinyin_counted(text)[0]


@lru_cache(maxsize=16384)
def _char_script(char: str) -> int:
    """+1 for a traditional-only character, -1 for a simplified-only one, 0 for shared."""
    if _converter(TO_SIMPLIFIED_CONFIG).convert(char) != char:
        return 1
    if _converter(TO_TRADITIONAL_CONFIG).convert(char) != char:
        return -1
    return 0


def detect_script(text: str) -> str:
    """'zh-Hant' when traditional-only characters outnumber simplified-only ones."""
    balance = 0
    for char in text:
        if char >= "\u3400":  # below that no character differs between the scripts
            balance += _char_script(char)
    return SCRIPT_HANT if balance > 0 else SCRIPT_HANS


@cache
def _conversion_damage() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(damaged), restored)
        for damaged, restored, _seen in read_tsv("archive", "conversion_damage.tsv", 3)
    )


def repair_conversion_damage(text: str) -> str:
    """Undo regional phrase conversion (中国小 → 中小学) on text converted back to simplified."""
    for damaged, restored in _conversion_damage():
        text = damaged.sub(restored, text)
    return text


def split_paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs with whitespace runs collapsed to one space."""
    text = INVISIBLE_CHARS.sub("", text)
    paragraphs = (WHITESPACE_RUN.sub(" ", part).strip() for part in PARAGRAPH_BREAK.split(text))
    return [paragraph for paragraph in paragraphs if paragraph]


def _splits_sentence(paragraph: str) -> bool:
    """A long chunk cut off mid-sentence, as a page boundary leaves it."""
    return len(paragraph) >= PAGE_CHUNK_MIN_CHARS and paragraph[-1] not in SENTENCE_END


def find_page_markers(paragraphs: list[str]) -> set[int]:
    """Indices of paragraphs that start with a doc-share page marker (NFKC text)."""
    chains: list[list[tuple[int, int]]] = []
    for index, paragraph in enumerate(paragraphs):
        match = PAGE_MARKER.match(paragraph)
        if not match:
            continue
        number = int(match.group(1))
        for chain in reversed(chains):
            if chain[-1][1] == number - 1:
                chain.append((index, number))
                break
        else:
            chains.append([(index, number)])

    markers: set[int] = set()
    for chain in chains:
        if chain[0][1] > 2:
            continue
        joins = [index for index, number in chain if number >= 2 and index > 0]
        splits = [index for index in joins if _splits_sentence(paragraphs[index - 1])]
        if splits and 2 * len(splits) > len(joins):
            markers.update(index for index, _number in chain)
    return markers


def remove_page_markers(paragraphs: list[str]) -> tuple[list[str], bool]:
    """Paragraphs with page markers removed and split sentences joined again."""
    markers = find_page_markers(paragraphs)
    if not markers:
        return list(paragraphs), False
    joined: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index in markers:
            match = PAGE_MARKER.match(paragraph)
            assert match is not None
            paragraph = paragraph[match.end() :].lstrip()
            if int(match.group(1)) >= 2 and joined and _splits_sentence(joined[-1]):
                joined[-1] += paragraph
                continue
        if paragraph:
            joined.append(paragraph)
    return joined, True


def normalize_text(text: str) -> tuple[str, list[str]]:
    """The ``text_normalized`` of a body text, and the repair flags it earned."""
    flags: list[str] = []
    work, pinyin_count = _strip_pinyin_counted(text)
    if pinyin_count:
        flags.append("pinyin_artifacts")
    if detect_script(work) == SCRIPT_HANT:
        work = repair_conversion_damage(to_simplified(work))
        flags.append("script_converted")
    else:
        # A simplified repost of a converted copy still carries the damage (中国小): the
        # repair is the evidence that the text went through a script conversion.
        simplified = to_simplified(work)
        work = repair_conversion_damage(simplified)
        if work != simplified:
            flags.append("script_converted")
    work = unicodedata.normalize("NFKC", work)
    paragraphs, had_markers = remove_page_markers(split_paragraphs(work))
    if had_markers:
        flags.append("page_markers")
    return "\n".join(paragraphs), flags
