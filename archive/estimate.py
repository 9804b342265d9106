"""Estimated totals for searches whose exact count would cost more than a bound.

A common word is in most versions (义务教育 in 56 % of bench-search's): an exact count of a
word of 3+ characters checks every candidate (PostgreSQL: a substring check of its text;
SQLite: FTS5 position lists), over a second at 1,000,000 versions whatever the cost per
text. So a search counts exactly when the index finds at most ``limit`` candidate versions
(a count that stops at ``limit + 1``: :func:`count_is_dear`), and otherwise estimates the total
from a uniform random sample of version ids, each checked exactly (archive.search does the
checking); the result says so (``count_exact`` false, the method, the sample, a 95 %
interval). ``exact_count=True`` asks for the exact figure whatever it costs.

The estimator: ids ``lo..hi`` (every version id lies in that range; an id that is no
version, or not a latest version when only latest ones are searched, counts as no hit),
``k`` of them drawn without replacement; the total is ``(hi - lo + 1) * hits / k``, the
interval Wilson's score interval for the share of hits, narrowed by the finite-population
correction (a sample of every id is the exact count). The sample is seeded by the query
and the id range, so paging through one result shows the same estimate on every page.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import asdict, dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive import fts

EXACT_COUNT_LIMIT = 10_000  # more candidate versions than this: the total is estimated
ESTIMATE_SAMPLE = 1_000  # version ids drawn and checked for an estimate
CONFIDENCE_Z = 1.96  # 95 % interval
METHOD = "random sample of version ids, each checked like the index (substring of title or text)"


@dataclass(frozen=True)
class CountEstimate:
    count: int  # the estimated total (never below the hits known to exist)
    low: int  # 95 % interval
    high: int
    sample: int  # ids drawn
    sample_hits: int  # of which matched
    population: int  # ids in the range drawn from
    method: str = METHOD
    confidence: float = 0.95

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        """'about 560,000 (95 % interval 545,000-575,000, from 1,000 sampled versions)'."""
        return (f"about {self.count:,} (95 % interval {self.low:,}-{self.high:,}, "
                f"estimated from {self.sample:,} sampled versions)")


def count_is_dear(s: Session, terms: tuple[str, ...], limit: int) -> bool:
    """True when an exact count would check more than ``limit`` candidates: versions (superseded
    ones included) whose text holds every gram of every word, counted by a count that stops
    at ``limit + 1``, from the index alone (no text or position is read to decide).

    SQLite: only for a query with a word of 3+ characters (its count reads FTS5 position
    lists; words of 1-2 characters are counted from doclists without positions, cheaply):
    the bigrams of every word in ``search_fts``. PostgreSQL: every query (its count unites
    and intersects id sets, and checks each candidate's text for a word of 3+ characters):
    the body's gram index. A version that holds a word in its title only is not counted
    there, so the decision can err only towards an exact count."""
    if s.get_bind().dialect.name == "sqlite":
        if all(len(t) <= 2 for t in terms):
            return False
        grams = sorted({g for t in terms if len(t) >= 2 for g in fts.term_grams(t)})
        sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH :m LIMIT :n"
        params: dict = {"m": " AND ".join(f'"{fts.fts_token(g)}"' for g in grams)}
    else:
        sql = ("SELECT 1 FROM versions WHERE edunotice_grams(text_normalized) @> CAST(:g AS bigint[]) "
               "LIMIT :n")
        params = {"g": sorted({g for t in terms for g in fts.pg_gram_codes(t)})}
    return (s.scalar(text(f"SELECT count(*) FROM ({sql}) c"), {**params, "n": limit + 1}) or 0) > limit


def sample_ids(lo: int, hi: int, k: int, key: str) -> list[int]:
    """``k`` distinct ids of ``lo..hi`` (all of them when there are fewer), drawn with a
    generator seeded by ``key`` and the range: the same search draws the same ids."""
    population = hi - lo + 1
    if population <= 0:
        return []
    seed = int.from_bytes(hashlib.sha256(f"{key}|{lo}|{hi}".encode()).digest()[:8], "big")
    if k >= population:
        return list(range(lo, hi + 1))
    return sorted(random.Random(seed).sample(range(lo, hi + 1), k))


def estimate(population: int, sample: int, sample_hits: int, known: int = 0) -> CountEstimate:
    """The total and its 95 % interval from ``sample_hits`` of ``sample`` ids drawn without
    replacement from ``population``; ``known``: hits known to exist (a lower bound)."""
    if sample <= 0 or population <= 0:
        return CountEstimate(known, known, max(known, population), sample, sample_hits, population)
    share = sample_hits / sample
    # Finite-population correction: drawing every id leaves no uncertainty.
    fpc = (population - sample) / (population - 1) if population > 1 else 0.0
    z = CONFIDENCE_Z * math.sqrt(fpc)
    centre = (share + z * z / (2 * sample)) / (1 + z * z / sample)
    half = z * math.sqrt(share * (1 - share) / sample + z * z / (4 * sample * sample)) / (1 + z * z / sample)
    low = max(known, sample_hits, math.floor((centre - half) * population))
    high = max(low, min(population, math.ceil((centre + half) * population)))
    count = min(high, max(low, round(share * population)))
    return CountEstimate(count, low, high, sample, sample_hits, population)


__all__ = ["CountEstimate", "EXACT_COUNT_LIMIT", "ESTIMATE_SAMPLE", "count_is_dear", "sample_ids", "estimate"]
