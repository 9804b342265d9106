"""How alike two notice texts are: the pure half of copy detection (no database).

Reads only ``text_normalized`` (DESIGN.md: simplified script, NFKC, artifacts removed).
``archive.dedup`` stores the sketches made here and links copies into clusters;
``bench/dedup.py`` measures the decision rule on labelled pairs.

- **Key text**: letters and digits only. Layout (a .docx preview joins paragraphs, a
  portal splits them), punctuation and lost quotation marks never decide a match.
- **Shingles**: character 5-grams of the key text.
- **Sketch**: a MinHash of the shingles (datasketch, 128 permutations, fixed seed,
  ``affine32`` scheme, SHA-1 32-bit item hash: all pinned, because band hashes are
  persisted and must stay comparable across library upgrades; changing any of these needs a
  migration that recomputes ``shingle_bands``). Cut into 64 bands of 2 rows: two copies
  share at least one band with probability 1-(1-J²)^64, 0.98 at Jaccard 0.25, which is what
  a 30% paywall cut of a notice has with the full notice. A band's two 32-bit values are
  stored folded into one 32-bit key (``band_hashes``).
- **Verdict**: exact Jaccard and containment (|A∩B| / min(|A|,|B|)) of the shingle sets
  are reported; the score is *coverage*, containment that knows where the differences
  are (``coverage``): a truncated repost is part of the original (covered 1.0 where its
  Jaccard is 0.3), a spun copy (≈5% of words swapped for synonyms) or a redacted one
  differs in short scattered gaps (covered), while a notice that shares a long
  boilerplate block has whole sentences of its own (not covered). Numbers veto: a copy
  repeats the original's numbers where the original has them or drops them, the same plan
  for another year and a sibling notice from one template put other numbers in the same
  words (``numbers_in_context``).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from dataclasses import dataclass
from functools import cache

import numpy as np

SHINGLE = 5  # characters per shingle
NUM_PERM = 128
BAND_ROWS = 2
BANDS = NUM_PERM // BAND_ROWS
MINHASH_SEED = 20221  # pinned: persisted band hashes depend on it
MINHASH_SCHEME = "affine32"
# Folds a band's two 32-bit MinHash values into one 32-bit key (see `band_hashes`). Pinned:
# persisted keys depend on it, and migration 0013 applies the same fold in SQL.
BAND_FOLD = 40503

# A text needs this many shingles (≈ characters) for a near-duplicate verdict; shorter ones
# ("详见附件。") link only when identical, and then only with the same title (archive.dedup).
MIN_SHINGLES = 40

# The verdict (tuned with `make bench-dedup`; see bench/dedup.py for the curve).
COPY_THRESHOLD = 0.75  # score = coverage of the smaller text by the larger (see `coverage`)
ANCHOR = 6  # shingles: a shared run this long (10 characters) is copied text, not a stock phrase
EDIT_GAP = 12  # shingles: an unshared stretch this short between copied runs is an edit
CONTRADICTION_VETO = 1  # disagreeing numbers (see `numbers_in_context`) that make texts different notices
# Numbers are compared only from this coverage up: below it no threshold the benchmark
# sweeps calls the pair a copy, so the veto could change nothing (and costs most of a check).
VETO_FROM = 0.5

_NOT_KEY = re.compile(r"[\W_]+", re.UNICODE)
# Tokens for number contexts: whole numbers (with decimals), else single letters/characters;
# punctuation and spaces are skipped. Single digits are list numbering or preview page
# markers ("2、"), never compared.
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]")
CONTEXT_BEFORE, CONTEXT_AFTER = 3, 1


def key_text(text: str) -> str:
    """Letters and digits of a normalised text: what shingles are cut from."""
    return _NOT_KEY.sub("", text or "")


def shingle_sequence(text: str) -> list[str]:
    """Character shingles of a normalised text's key text, in text order."""
    key = key_text(text)
    return [key[i:i + SHINGLE] for i in range(len(key) - SHINGLE + 1)]


def shingles(text: str) -> set[str]:
    """Distinct character shingles of a normalised text's key text (empty if too short)."""
    return set(shingle_sequence(text))


def numbers_in_context(text: str) -> dict[tuple[str, ...], set[str]]:
    """Multi-digit numbers by the words around them: the 3 tokens before, the one after.

    A copy repeats the original's numbers where the original has them, or drops them (cut,
    redacted as xx年); it never puts another number in the same words. The same plan for
    another year does (全市2021年教育 / 全市2022年教育), and so do sibling notices from one
    template (请各单位于3月15日前 / 于4月2日前).
    """
    tokens = _TOKEN.findall(text or "")
    found: dict[tuple[str, ...], set[str]] = {}
    for i, token in enumerate(tokens):
        if token[0].isdigit() and len(token) >= 2:
            where = (*tokens[max(0, i - CONTEXT_BEFORE):i], "#", *tokens[i + 1:i + 1 + CONTEXT_AFTER])
            found.setdefault(where, set()).add(token)
    return found


@cache
def _minhash_class():
    """datasketch's MinHash, imported on first use and without the package's ``__init__``.

    ``import datasketch`` loads every sketch it has: scipy (for LSH parameters) and aiohttp
    (async LSH), ~0.45 s CPU, a seventh of a crawl process, to use none of them. Its
    ``minhash`` and ``hashfunc`` modules need only numpy: they are loaded under a bare
    package object standing in for ``datasketch``, and all three are then taken out of
    ``sys.modules``, so this private copy is invisible and a later ``import datasketch``
    anywhere in the process loads the real package as usual.
    """
    if "datasketch" in sys.modules:
        from datasketch.hashfunc import sha1_hash32
        from datasketch.minhash import MinHash

        return MinHash, sha1_hash32
    names = ("datasketch", "datasketch.hashfunc", "datasketch.minhash")
    spec = importlib.util.find_spec("datasketch")  # locates the package, runs nothing
    bare = types.ModuleType("datasketch")
    bare.__path__ = list(spec.submodule_search_locations or [])
    bare.__spec__ = spec
    sys.modules["datasketch"] = bare
    try:
        from datasketch.hashfunc import sha1_hash32
        from datasketch.minhash import MinHash
    finally:
        for name in names:
            sys.modules.pop(name, None)
    return MinHash, sha1_hash32


@cache
def _permutations() -> np.ndarray:
    """The 128 affine permutations, made once per process (cheap MinHash construction)."""
    MinHash, _ = _minhash_class()
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def minhash(shingle_set: set[str]) -> np.ndarray:
    """MinHash values (uint32, NUM_PERM of them) of a shingle set."""
    MinHash, sha1_hash32 = _minhash_class()
    m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashfunc=sha1_hash32,
                permutations=_permutations(), scheme=MINHASH_SCHEME)
    m.update_batch(s.encode("utf-8") for s in shingle_set)
    return m.hashvalues


def band_hashes(values: np.ndarray) -> list[int]:
    """One signed 32-bit integer per band: its two 32-bit MinHash values folded into one.

    key = (second × BAND_FOLD + first) mod 2³², as a signed integer (PostgreSQL's INTEGER is).
    Two different bands share a key with probability 2⁻³²: at most a stray candidate, which
    the check on the texts drops (at 6M versions, about one extra posting per 11 lookups).
    32 bits instead of the 64 of the pair make a band row 4 bytes smaller on SQLite and
    8 on PostgreSQL (no 8-byte alignment), which is most of what ``shingle_bands`` holds.
    """
    pairs = np.ascontiguousarray(values, dtype=np.uint32).reshape(-1, 2).astype(np.int64)
    keys = (pairs[:, 1] * BAND_FOLD + pairs[:, 0]) & 0xFFFFFFFF
    return [int(k) - (1 << 32) if k >= 1 << 31 else int(k) for k in keys]


def fold_packed(packed: int) -> int:
    """The band key of a band stored packed in 64 bits (before migration 0013): its low 32
    bits are the first value, its high 32 bits the second; the SQL of the migration agrees."""
    key = (((packed >> 32) & 0xFFFFFFFF) * BAND_FOLD + (packed & 0xFFFFFFFF)) & 0xFFFFFFFF
    return key - (1 << 32) if key >= 1 << 31 else key


def text_bands(text: str) -> list[int] | None:
    """The band hashes of a normalised text, or None when it is too short to sketch."""
    return shingle_bands(shingles(text))


def shingle_bands(grams: set[str]) -> list[int] | None:
    """:func:`text_bands` of a text whose shingles are already cut (``Text.grams``)."""
    if len(grams) < MIN_SHINGLES:
        return None
    return band_hashes(minhash(grams))


def coverage(sequence: list[str], other: set[str]) -> float:
    """Share of ``sequence`` (one text's shingles, in order) that the other text covers.

    Shared runs of at least ANCHOR shingles are evidence of copying (a shorter shared run
    is a stock phrase); unshared stretches of at most EDIT_GAP shingles between two such
    runs are edits of a copy (a spun word, a redaction, a converter's phrase) and count
    as covered. Longer unshared stretches are text of its own: sentences another notice
    does not have, even when the rest is shared boilerplate.
    """
    if not sequence:
        return 0.0
    # One byte per shingle (1: the other text has it), and the anchors are the runs of at
    # least ANCHOR ones: the scan runs in C (this was most of a comparison's time).
    shared = bytes(map(other.__contains__, sequence))
    anchors = [match.span() for match in _ANCHOR_RUN.finditer(shared)]
    covered = sum(end - begin for begin, end in anchors)
    covered += sum(gap for gap in (b[0] - a[1] for a, b in zip(anchors, anchors[1:], strict=False))
                   if gap <= EDIT_GAP)
    return covered / len(sequence)


_ANCHOR_RUN = re.compile(b"\x01{%d,}" % ANCHOR)


@dataclass(frozen=True)
class Comparison:
    """How two texts relate; ``score`` is what the copy threshold applies to."""

    jaccard: float
    containment: float  # |A∩B| / min(|A|, |B|)
    coverage: float  # of the text with fewer shingles by the other (see `coverage`)
    contradictions: int  # places where both texts put a number in the same words, never the same one

    @property
    def vetoed(self) -> bool:
        """Numbers that disagree: another year's edition or a sibling notice, not a copy."""
        return self.contradictions >= CONTRADICTION_VETO

    @property
    def score(self) -> float:
        return 0.0 if self.vetoed else self.coverage

    def is_copy(self, threshold: float | None = None) -> bool:
        return self.score >= (COPY_THRESHOLD if threshold is None else threshold)

    def as_dict(self) -> dict:
        return {"jaccard": round(self.jaccard, 3), "containment": round(self.containment, 3),
                "coverage": round(self.coverage, 3), "contradictions": self.contradictions,
                "copy": self.is_copy()}


class Text:
    """A normalised text with its shingles computed once, and its numbers-in-context on
    first use (most candidates are ruled out by coverage before numbers matter)."""

    __slots__ = ("text", "sequence", "grams", "_numbers")

    def __init__(self, text: str):
        self.text = text or ""
        self.sequence = shingle_sequence(self.text)
        self.grams = set(self.sequence)
        self._numbers: dict[tuple[str, ...], set[str]] | None = None

    @property
    def numbers(self) -> dict[tuple[str, ...], set[str]]:
        if self._numbers is None:
            self._numbers = numbers_in_context(self.text)
        return self._numbers


def compare(a: Text | str, b: Text | str) -> Comparison:
    """Jaccard, containment, coverage and number contradictions of two normalised texts."""
    a = a if isinstance(a, Text) else Text(a)
    b = b if isinstance(b, Text) else Text(b)
    if not a.grams or not b.grams:
        same = float(bool(key_text(a.text)) and key_text(a.text) == key_text(b.text))
        return Comparison(same, same, same, 0)
    shared = len(a.grams & b.grams)
    union = len(a.grams) + len(b.grams) - shared
    small, large = (a, b) if len(a.grams) <= len(b.grams) else (b, a)
    covered = coverage(small.sequence, large.grams)
    contradictions = 0
    if covered >= VETO_FROM:
        a_numbers, b_numbers = a.numbers, b.numbers
        contradictions = sum(1 for where in a_numbers.keys() & b_numbers.keys()
                             if a_numbers[where].isdisjoint(b_numbers[where]))
    return Comparison(jaccard=shared / union, containment=shared / len(small.grams),
                      coverage=covered, contradictions=contradictions)
