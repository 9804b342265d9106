"""Copy detection benchmark (``make bench-dedup``): precision and recall on labelled pairs.

Reads the pairs of ``bench/pairs.py`` (seeds plus synthetic notices, damaged copies and
hard negatives, all normalised by ``archive.normalize.normalize_text``). A pair is
called a copy when the two texts are identical, or when they share an LSH band (the SQL
candidate step of ``archive.dedup``) and ``archive.similarity.compare`` scores them at or
above the threshold: the same rule the archive applies. Prints one table: the curve over
thresholds, the chosen one marked; then recall per damage kind and the false positives
per negative kind at the chosen threshold, and the pairs it gets wrong.

Then the same pairs end to end: every text stored through ``Archive.record_notice`` into
a fresh SQLite archive (originals on an official portal, copies on a mirror, in a fixed
shuffled order), and a pair counted as a copy when both documents end up in one cluster.
This also measures what pairs cannot: chaining, and the merge rule of ``archive.dedup``.

    python -m bench.dedup [--threshold 0.75] [--show-errors 20] [--no-archive]

Exit status 1 if the chosen threshold misses the goal (recall ≥ 0.95 at precision ≥ 0.99).
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass

from archive.similarity import COPY_THRESHOLD, Comparison, Text, compare, key_text, text_bands
from bench.pairs import Pair, generate_pairs

THRESHOLDS = (0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
GOAL_RECALL, GOAL_PRECISION = 0.95, 0.99


@dataclass
class Scored:
    pair: Pair
    identical: bool
    candidate: bool  # shares at least one LSH band (or identical)
    comparison: Comparison

    def called(self, threshold: float) -> bool:
        return self.identical or (self.candidate and self.comparison.score >= threshold)


def score(pairs: list[Pair]) -> list[Scored]:
    texts: dict[str, Text] = {}
    bands: dict[str, set[tuple[int, int]]] = {}

    def prepared(text: str) -> tuple[Text, set[tuple[int, int]]]:
        if text not in texts:
            texts[text] = Text(text)
            bands[text] = set(enumerate(text_bands(text) or []))
        return texts[text], bands[text]

    out = []
    for pair in pairs:
        (ta, ba), (tb, bb) = prepared(pair.a), prepared(pair.b)
        identical = key_text(pair.a) == key_text(pair.b) and bool(key_text(pair.a))
        out.append(Scored(pair, identical, identical or bool(ba & bb), compare(ta, tb)))
    return out


def figures(scored: list[Scored], threshold: float) -> tuple[int, int, int, float, float]:
    tp = sum(s.called(threshold) and s.pair.same for s in scored)
    fp = sum(s.called(threshold) and not s.pair.same for s in scored)
    fn = sum(not s.called(threshold) and s.pair.same for s in scored)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return tp, fp, fn, precision, recall


def report(scored: list[Scored], chosen: float, show_errors: int) -> bool:
    positives = sum(s.pair.same for s in scored)
    print(f"{len(scored)} labelled pairs: {positives} copies, {len(scored) - positives} different notices")
    candidates = sum(s.candidate for s in scored if s.pair.same)
    print(f"LSH candidate recall (64 bands x 2 rows): {candidates}/{positives} = {candidates / positives:.3f}")
    print()
    print("threshold   TP    FP    FN   precision  recall")
    for threshold in sorted({*THRESHOLDS, chosen}):
        tp, fp, fn, precision, recall = figures(scored, threshold)
        mark = "  <- chosen" if threshold == chosen else ""
        print(f"  {threshold:5.2f}  {tp:5d} {fp:5d} {fn:5d}   {precision:7.4f}  {recall:7.4f}{mark}")
    print()
    by_kind: Counter = Counter()
    hits: Counter = Counter()
    for s in scored:
        by_kind[(s.pair.same, s.pair.kind)] += 1
        hits[(s.pair.same, s.pair.kind)] += s.called(chosen)
    print(f"at {chosen}: recall per damage kind")
    for (same, kind), n in sorted(by_kind.items()):
        if same:
            print(f"  {kind:<22} {hits[(same, kind)]:3d}/{n:<3d}")
    print(f"at {chosen}: false copies per negative kind")
    for (same, kind), n in sorted(by_kind.items()):
        if not same:
            print(f"  {kind:<42} {hits[(same, kind)]:3d}/{n:<3d}")
    errors = [s for s in scored if s.called(chosen) != s.pair.same]
    if errors and show_errors:
        print(f"\nwrong at {chosen} (first {show_errors}):")
        for s in errors[:show_errors]:
            c = s.comparison
            print(f"  {'missed' if s.pair.same else 'FALSE '} {s.pair.kind:<34} {s.pair.names[0]} ~ "
                  f"{s.pair.names[1]}: candidate={s.candidate} J={c.jaccard:.2f} C={c.containment:.2f} cov={c.coverage:.2f} "
                  f"contradictions={c.contradictions}")
    _, _, _, precision, recall = figures(scored, chosen)
    return precision >= GOAL_PRECISION and recall >= GOAL_RECALL


def archive_figures(pairs: list[Pair]) -> None:
    """Store every text in a real SQLite archive; score pairs by shared cluster."""
    from archive.models import Document
    from archive.store import Archive

    originals = {p.a for p in pairs if p.same}
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    random.Random(20221).shuffle(texts)
    url_of = {text: f"https://bench.example/{i}.html" for i, text in enumerate(texts)}
    with tempfile.TemporaryDirectory() as tmp, Archive(f"sqlite:///{tmp}/bench.sqlite") as archive:
        for portal, kind in (("bench_official", "official"), ("bench_mirror", "mirror")):
            archive.register_portal({"id": portal, "name": portal, "start_urls": ["https://bench.example/"],
                                     "kind": kind})
        started = time.perf_counter()
        for text in texts:
            portal = "bench_official" if text in originals else "bench_mirror"
            archive.record_notice(portal_id=portal, fetch_url=url_of[text], http_status=200,
                                  record={"url": url_of[text], "title": None, "text": text, "text_normalized": text})
        per_notice = (time.perf_counter() - started) / len(texts) * 1000
        with archive.sessions() as s:
            cluster = {url: c for url, c in s.query(Document.url, Document.cluster_id)}
    tp = sum(p.same and cluster[url_of[p.a]] == cluster[url_of[p.b]] for p in pairs)
    fp = sum(not p.same and cluster[url_of[p.a]] == cluster[url_of[p.b]] for p in pairs)
    fn = sum(p.same for p in pairs) - tp
    print(f"\nin the archive ({len(texts)} notices stored, {per_notice:.1f} ms each, "
          f"{len(set(cluster.values()))} clusters): TP {tp}  FP {fp}  FN {fn}  "
          f"precision {tp / max(tp + fp, 1):.4f}  recall {tp / max(tp + fn, 1):.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=float, default=COPY_THRESHOLD)
    parser.add_argument("--show-errors", type=int, default=20)
    parser.add_argument("--no-archive", action="store_true", help="skip the end-to-end archive run")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    pairs = generate_pairs()
    scored = score(pairs)
    ok = report(scored, args.threshold, args.show_errors)
    if not args.no_archive:
        archive_figures(pairs)
    print(f"\n{'goal met' if ok else 'GOAL MISSED'}: recall >= {GOAL_RECALL} at precision >= {GOAL_PRECISION}"
          f" ({time.perf_counter() - started:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
