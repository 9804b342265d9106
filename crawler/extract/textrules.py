"""Text-level damage rules: what is wrong with a body text, judged from evidence in it.

Pure functions on text (no HTML, no Scrapy). The HTML extractor calls
:func:`clean_lines` on the body lines it found (line-level rules live in
``crawler.extract.linerules``) and :func:`damage_flags` on the body text it keeps.
Reads ``data/spun_words.tsv``.

Rules match a *folded* form of the text (pinyin glosses removed, simplified script,
NFKC), so every pattern is written once, in simplified characters with half-width
punctuation, and still matches 熱門標籤, 您當前的位置：, ＸＸ县区 ...
"""

from __future__ import annotations

import re
from functools import cache

from archive.normalize import (
    CJK_CHAR,
    find_page_markers,
    has_pinyin_artifacts,
    split_paragraphs,
)
from archive.tables import read_tsv
from crawler.extract.linerules import (
    clean_lines,
    ends_with_expand_prompt,
    fold,
    is_spam_line,
)
from crawler.extract.vocab import shows_truncation

__all__ = ["clean_lines", "damage_flags", "is_spam_line", "fold"]

# --- redaction: place names and years replaced by placeholders on reposts -----------
# 以**红色资源为依托, 前往**市烈士陵园 (seed 001); xx年, 党的xx大, XX县区 (seed 003).
# One placeholder may be a template ("XX学校"); two or more are a redacted copy.
REDACTED_STARS = re.compile(rf"(?<=[{CJK_CHAR}])\*{{2,}}|(?<!\*)\*{{2,}}(?=[{CJK_CHAR}])")
REDACTED_XX = re.compile(rf"(?<![A-Za-z])[xX]{{2}}(?![A-Za-z])(?=[{CJK_CHAR}])")
REDACTION_MIN_COUNT = 2

# --- synonym spinning ---------------------------------------------------------------
SPUN_MIN_DISTINCT = 2


@cache
def _spun_phrases() -> re.Pattern[str]:
    phrases = sorted((row[0] for row in read_tsv("crawler.extract", "spun_words.tsv", 3)), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


def spun_phrases(text: str) -> set[str]:
    """The distinct spun phrases (科学开展观, 为人民效劳 ...) found in folded text."""
    return set(_spun_phrases().findall(text))


def is_truncated(folded: str) -> bool:
    """A paywall or preview limit cut the text (evidence, not a guess from length)."""
    if shows_truncation(folded):
        return True
    return ends_with_expand_prompt(folded.splitlines())


def is_redacted(folded: str) -> bool:
    hits = len(REDACTED_STARS.findall(folded)) + len(REDACTED_XX.findall(folded))
    return hits >= REDACTION_MIN_COUNT


def damage_flags(text: str) -> list[str]:
    """Damage flags a body text carries, in a fixed order.

    ``truncated``, ``redacted``, ``spun``, ``page_markers``, ``pinyin_artifacts``.
    """
    folded = fold(text)
    flags = []
    if is_truncated(folded):
        flags.append("truncated")
    if is_redacted(folded):
        flags.append("redacted")
    if len(spun_phrases(folded)) >= SPUN_MIN_DISTINCT:
        flags.append("spun")
    if find_page_markers(split_paragraphs(folded)):
        flags.append("page_markers")
    if has_pinyin_artifacts(text):
        flags.append("pinyin_artifacts")
    return flags
