"""Copy detection at archive scale: milliseconds per stored notice at 0, 10k, 100k (and, on
request, 1M) archived documents, on SQLite and the local PostgreSQL. Prints figures; asserts
nothing (``make bench-dedup-scale``).

The archive is bulk-loaded with synthetic notices as varied as real ones: each is cut from
``bench.pairs.sentence`` (random actors, actions, places, amounts: about 10^12 sentences) with
the stock openings and closings real notices share (各镇（街道）中心学校…, 现就有关事项通知如下…,
特此通知), which is what makes some band values common. Their LSH bands are computed once per
size with ``archive.similarity`` (two processes) and cached under ``bench/.cache/``.

Then 60 new notices are stored through ``Archive.record_notice`` (a third are paywall cuts of
archived notices, a third spun copies, a third new) and timed, and the candidate lookup alone
is timed two ways on the same archive: today's bounded read (``archive.dedup.candidate_versions``)
and the earlier unbounded one (every posting of every band, grouped by version), the baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import pickle
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import and_, func, insert, or_, select, text

from archive import dedup, similarity
from archive.models import Document, PortalRow, ShingleBand, Version
from archive.store import Archive
from bench.pairs import sentence, spin, truncate
from bench.pgtemp import fresh_postgres

CACHE = Path(__file__).with_name(".cache")
OPENINGS = ("各镇（街道）中心学校、局属各学校：", "各县（市、区）教育局，局直属各单位：", "各有关单位：", "")
CLOSINGS = ("特此通知。", "请各单位认真贯彻执行。", "联系人：办公室，联系电话：0750-2212345。", "")


def synthetic_text(i: int) -> str:
    rng = random.Random(i)
    year = rng.randrange(2015, 2026)
    lines = [rng.choice(OPENINGS)]
    lines += ["".join(sentence(rng, year) for _ in range(rng.randrange(1, 4))) for _ in range(rng.randrange(2, 12))]
    lines.append(rng.choice(CLOSINGS))
    return "\n".join(line for line in lines if line)


def _bands_of(i: int) -> tuple[int, str, list[int] | None]:
    body = synthetic_text(i)
    return i, body, similarity.text_bands(body)


def corpus(size: int) -> list[tuple[int, str, list[int] | None]]:
    """``size`` synthetic notices with their bands (cached: computing them is most of the time)."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"dedup_scale_{size}_k32.pickle"  # k32: bands as 32-bit keys (migration 0013)
    if path.exists():
        return pickle.loads(path.read_bytes())
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        rows = list(pool.map(_bands_of, range(size), chunksize=500))
    path.write_bytes(pickle.dumps(rows))
    print(f"  sketched {size} synthetic notices in {time.perf_counter() - started:.0f} s", flush=True)
    return rows


def bulk_load(archive: Archive, rows: list[tuple[int, str, list[int] | None]]) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    with archive.sessions.begin() as s:
        s.execute(insert(PortalRow), [{"id": "bench_official", "name": "bench", "kind": "official",
                                    "definition": {}, "first_seen": now},
                                   {"id": "bench_mirror", "name": "bench mirror", "kind": "mirror",
                                    "definition": {}, "first_seen": now}])
    for start in range(0, len(rows), 5000):
        chunk = rows[start:start + 5000]
        with archive.sessions.begin() as s:
            s.execute(insert(Document), [{"id": i + 1, "portal_id": "bench_official", "url": f"https://b.example/{i}",
                                          "first_seen": now, "last_seen": now} for i, _, _ in chunk])
            s.execute(insert(Version), [{"id": i + 1, "document_id": i + 1, "version": 1,
                                         "content_sha256": hashlib.sha256(body.encode()).hexdigest(),
                                         "text_sha256": hashlib.sha256(body.encode()).hexdigest(),
                                         "fetched_at": now, "fetch_url": f"https://b.example/{i}", "http_status": 200,
                                         "text": body, "text_normalized": body, "script": "zh-Hans",
                                         "flags": [], "attachments": []} for i, body, _ in chunk])
            s.execute(insert(ShingleBand), [{"version_id": i + 1, "band": band, "hash": value}
                                            for i, _, bands in chunk if bands for band, value in enumerate(bands)])
    if archive.engine.dialect.name == "postgresql":
        with archive.engine.begin() as conn:
            for table in ("documents", "versions"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
            conn.execute(text("ANALYZE"))


def unbounded_candidates(s, bands: list[int]) -> list[int]:
    """The baseline: every posting of every band, grouped and ranked in SQL."""
    hits = func.count().label("hits")
    shared = or_(*(and_(ShingleBand.band == band, ShingleBand.hash == value) for band, value in enumerate(bands)))
    return list(s.scalars(select(ShingleBand.version_id).where(shared).group_by(ShingleBand.version_id)
                          .order_by(hits.desc(), ShingleBand.version_id).limit(dedup.MAX_CANDIDATES)))


def new_notices(rows, count: int = 60) -> list[str]:
    rng = random.Random(7)
    out = []
    for n in range(count):
        if rows and n % 3 == 0:
            out.append(truncate(rng.choice(rows)[1], rng, 0.5))
        elif rows and n % 3 == 1:
            out.append(spin(rng.choice(rows)[1], rng, 0.05))
        else:
            out.append(synthetic_text(10_000_000 + n))
    return out


def measure(db_url: str, size: int) -> dict:
    rows = corpus(size) if size else []
    with Archive(db_url) as archive:
        started = time.perf_counter()
        bulk_load(archive, rows)
        load_s = time.perf_counter() - started
        notices = new_notices(rows)
        probes = [similarity.text_bands(t) for t in notices]
        lookups = {"bounded": [], "unbounded": []}
        with archive.sessions() as s:
            for bands in probes:
                if bands is None:
                    continue
                for name, find in (("bounded", dedup.candidate_versions), ("unbounded", unbounded_candidates)):
                    t0 = time.perf_counter()
                    find(s, bands)
                    lookups[name].append((time.perf_counter() - t0) * 1000)
        stores = []
        for i, body in enumerate(notices):
            t0 = time.perf_counter()
            archive.record_notice(portal_id="bench_mirror", fetch_url=f"https://m.example/{i}", http_status=200,
                                  record={"url": f"https://m.example/{i}", "title": None, "text": body,
                                          "text_normalized": body})
            stores.append((time.perf_counter() - t0) * 1000)
        with archive.sessions() as s:
            band_rows = s.scalar(select(func.count()).select_from(ShingleBand))
    return {"load_s": load_s, "store_ms": statistics.median(stores),
            "bounded_ms": statistics.median(lookups["bounded"]) if lookups["bounded"] else 0.0,
            "unbounded_ms": statistics.median(lookups["unbounded"]) if lookups["unbounded"] else 0.0,
            "band_rows": band_rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0,10000,100000", help="archive sizes, comma-separated (1000000 works, slowly)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    print(f"{'backend':<11} {'documents':>9} {'load s':>7} {'store ms':>9} {'lookup ms':>10} "
          f"{'baseline lookup ms':>19} {'band rows':>10}", flush=True)
    for backend in args.backends.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    url, cleanup = f"sqlite:///{tmp}/scale.sqlite", (lambda: None)
                else:
                    url, cleanup = fresh_postgres("edunotice_bench")
                try:
                    r = measure(url, size)
                finally:
                    cleanup()
            print(f"{backend:<11} {size:>9} {r['load_s']:>7.1f} {r['store_ms']:>9.1f} {r['bounded_ms']:>10.2f} "
                  f"{r['unbounded_ms']:>19.2f} {r['band_rows']:>10}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
