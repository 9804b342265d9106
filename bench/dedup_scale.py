"""Copy detection at archive scale: milliseconds per stored notice at 0, 10k, 100k (and, on
request, 1M) archived documents, on SQLite and the local PostgreSQL. Prints figures; asserts
nothing (``make bench-dedup-scale``).

The archive is bulk-loaded with synthetic notices as varied as real ones: each is cut from
``bench.pairs.sentence`` (random actors, actions, places, amounts: about 10^12 sentences) with
the stock openings and closings real notices share (各镇（街道）中心学校…, 现就有关事项通知如下…,
特此通知), which is what makes some band values common. Their LSH bands (``archive.similarity``)
and texts are computed once, in chunks of 50,000 shared by all sizes, by one process per core,
and cached under ``bench/.cache/`` (~3 GB for 1M; at 1M on two shared cores about 25 minutes,
then about 10 minutes of load per backend). ``bulk_load`` says what the build skips (foreign-key
checks, syncs, PostgreSQL's search index) to be that fast; the stores measured afterwards run
with the archive's own settings.

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
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path

import numpy as np
from sqlalchemy import String, and_, bindparam, func, insert, or_, select, text

from archive import dedup, similarity
from archive.models import Document, PortalRow, ShingleBand, Version, pack_text
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


LOAD_BATCH = 10_000  # documents per transaction of the bulk load
CHUNK = 50_000  # notices per cached file: a larger size reuses the smaller sizes' sketches


def _texts_path(start: int) -> Path:
    return CACHE / f"dedup_scale_texts_{start:08d}_{CHUNK}.pickle"


def _sketch_chunk(start: int) -> Path:
    """Notices ``start`` .. ``start + CHUNK - 1``: their bands, saved as an int32 array (a row
    of a text too short to sketch is flagged in ``valid``), and beside it (text, sha256, text
    as SQLite stores it, zlib-packed as ``PackedText`` packs it) for the bulk load."""
    path = CACHE / f"dedup_scale_k32_{start:08d}_{CHUNK}.npz"
    texts = _texts_path(start)
    if not path.exists() or not texts.exists():
        sketch = not path.exists()
        bands = np.zeros((CHUNK, similarity.BANDS), dtype=np.int32)
        valid = np.zeros(CHUNK, dtype=bool)
        rows = []
        for row, i in enumerate(range(start, start + CHUNK)):
            body = synthetic_text(i)
            rows.append((body, hashlib.sha256(body.encode()).hexdigest(), pack_text(body)))
            values = similarity.text_bands(body) if sketch else None
            if values is not None:
                bands[row], valid[row] = values, True
        if sketch:
            partial = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(partial, bands=bands, valid=valid)
            partial.replace(path)
        partial = texts.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(texts)
    return path


def sketches(size: int) -> tuple[np.ndarray, np.ndarray]:
    """(bands, valid) of the first ``size`` synthetic notices; computing them (and their texts
    for ``bulk_load``) is cached under bench/.cache/ by chunks of CHUNK, in as many processes
    as there are cores."""
    CACHE.mkdir(exist_ok=True)
    starts = list(range(0, size, CHUNK))
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        paths = list(pool.map(_sketch_chunk, starts))
    if time.perf_counter() - started > 1:
        print(f"  sketched up to {size} synthetic notices in {time.perf_counter() - started:.0f} s", flush=True)
    if not paths:
        return np.zeros((0, similarity.BANDS), dtype=np.int32), np.zeros(0, dtype=bool)
    parts = [np.load(p) for p in paths]
    return (np.concatenate([p["bands"] for p in parts])[:size], np.concatenate([p["valid"] for p in parts])[:size])


def bulk_load(archive: Archive, bands: np.ndarray, valid: np.ndarray) -> None:
    """Documents and versions through SQLAlchemy in batches of LOAD_BATCH (texts, hashes and packed
    texts from the cache ``sketches`` filled); then the band rows band by band in key order, which appends to
    the (band, hash, version_id) b-tree instead of inserting at random places in it.

    For this build only (the archive's own writes are untouched): foreign-key checks are off
    (rows are consistent by construction), SQLite does not sync, PostgreSQL gets the band rows
    by COPY and has no search index on ``versions`` (so neither backend indexes the bulk-loaded
    texts for search; the 60 stored notices are indexed on SQLite, not on PostgreSQL).
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    postgres = archive.engine.dialect.name == "postgresql"
    with archive.engine.connect() as conn:
        if postgres:
            conn.exec_driver_sql("SET session_replication_role = replica")  # no FK triggers
            # The bulk-loaded versions are not in the search index on either backend (SQLite's
            # FTS5 table is fed by the store only); PostgreSQL's GIN expression index would
            # compute every text's grams during the load (26 min per 100k on this machine).
            conn.exec_driver_sql("DROP INDEX IF EXISTS ix_versions_grams")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB
        conn.execute(insert(PortalRow), [{"id": "bench_official", "name": "bench", "kind": "official",
                                          "definition": {}, "first_seen": now},
                                         {"id": "bench_mirror", "name": "bench mirror", "kind": "mirror",
                                          "definition": {}, "first_seen": now}])
        conn.commit()
        versions = insert(Version.__table__).values(text=bindparam("stored", type_=String()))  # bound as is
        for chunk in range(0, len(valid), CHUNK):
            texts = pickle.loads(_texts_path(chunk).read_bytes())[:len(valid) - chunk]
            for start in range(0, len(texts), LOAD_BATCH):
                batch = [(chunk + start + n, *row) for n, row in enumerate(texts[start:start + LOAD_BATCH])]
                conn.execute(insert(Document), [{"id": i + 1, "portal_id": "bench_official",
                                                 "url": f"https://b.example/{i}", "first_seen": now, "last_seen": now}
                                                for i, _, _, _ in batch])
                conn.execute(versions, [{"id": i + 1, "document_id": i + 1, "version": 1, "content_sha256": digest,
                                         "text_sha256": digest, "fetched_at": now, "fetch_url": f"https://b.example/{i}",
                                         "http_status": 200, "stored": body if postgres else packed,
                                         "text_normalized": body, "script": "zh-Hans", "flags": [], "attachments": []}
                                        for i, body, digest, packed in batch])
                conn.commit()
        version_ids = np.flatnonzero(valid).astype(np.int64) + 1
        for band in range(similarity.BANDS if len(version_ids) else 0):
            keys = bands[valid, band].astype(np.int64)
            order = np.lexsort((version_ids, keys))
            rows = zip(repeat(band), keys[order].tolist(), version_ids[order].tolist())
            driver = conn.connection.driver_connection
            if postgres:
                with driver.cursor() as cur, cur.copy("COPY shingle_bands (band, hash, version_id) FROM STDIN") as copy:
                    copy.write("".join(f"{b}\t{h}\t{v}\n" for b, h, v in rows))
            else:
                driver.executemany("INSERT INTO shingle_bands (band, hash, version_id) VALUES (?, ?, ?)", rows)
            conn.connection.commit()  # the rows went through the driver's connection
        if postgres:
            conn.exec_driver_sql("SET session_replication_role = DEFAULT")
            for table in ("documents", "versions"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
            conn.commit()
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.exec_driver_sql("PRAGMA synchronous=FULL")  # SQLite's defaults, as the archive runs
            conn.exec_driver_sql("PRAGMA cache_size=-2000")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def database_bytes(archive: Archive) -> tuple[int, int]:
    """(whole database, shingle_bands with its indexes) in bytes."""
    with archive.engine.connect() as conn:
        if archive.engine.dialect.name == "postgresql":
            return (conn.scalar(text("SELECT pg_database_size(current_database())")),
                    conn.scalar(text("SELECT pg_total_relation_size('shingle_bands')")))
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar() - conn.exec_driver_sql("PRAGMA freelist_count").scalar()
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar()
        band_bytes = conn.scalar(text("SELECT SUM(pgsize) FROM dbstat('main', 1) WHERE name = 'shingle_bands'"))
        return pages * page_size, band_bytes or 0


def unbounded_candidates(s, bands: list[int]) -> list[int]:
    """The baseline: every posting of every band, grouped and ranked in SQL."""
    hits = func.count().label("hits")
    shared = or_(*(and_(ShingleBand.band == band, ShingleBand.hash == value) for band, value in enumerate(bands)))
    return list(s.scalars(select(ShingleBand.version_id).where(shared).group_by(ShingleBand.version_id)
                          .order_by(hits.desc(), ShingleBand.version_id).limit(dedup.MAX_CANDIDATES)))


def new_notices(size: int, count: int = 60) -> list[str]:
    rng = random.Random(7)
    out = []
    for n in range(count):
        if size and n % 3 == 0:
            out.append(truncate(synthetic_text(rng.randrange(size)), rng, 0.5))
        elif size and n % 3 == 1:
            out.append(spin(synthetic_text(rng.randrange(size)), rng, 0.05))
        else:
            out.append(synthetic_text(10_000_000 + n))
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else (values[0] if values else 0.0)


def measure(db_url: str, size: int) -> dict:
    started = time.perf_counter()
    bands, valid = sketches(size)
    sketch_s = time.perf_counter() - started
    with Archive(db_url) as archive:
        started = time.perf_counter()
        bulk_load(archive, bands, valid)
        load_s = time.perf_counter() - started
        notices = new_notices(size)
        probes = [similarity.text_bands(t) for t in notices]
        lookups, candidates = {"bounded": [], "unbounded": []}, []
        with archive.sessions() as s:
            for probe in probes:
                if probe is None:
                    continue
                for name, find in (("bounded", dedup.candidate_versions), ("unbounded", unbounded_candidates)):
                    t0 = time.perf_counter()
                    found = find(s, probe)
                    lookups[name].append((time.perf_counter() - t0) * 1000)
                    if name == "bounded":
                        candidates.append(len(found))
        stores, cpu = [], []
        for i, body in enumerate(notices):
            t0, c0 = time.perf_counter(), time.process_time()
            archive.record_notice(portal_id="bench_mirror", fetch_url=f"https://m.example/{i}", http_status=200,
                                  record={"url": f"https://m.example/{i}", "title": None, "text": body,
                                          "text_normalized": body})
            stores.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        with archive.sessions() as s:
            band_rows = s.scalar(select(func.count()).select_from(ShingleBand))
            documents = s.scalar(select(func.count()).select_from(Document))
        db_bytes, band_bytes = database_bytes(archive)
    return {"sketch_s": sketch_s, "load_s": load_s, "store_ms": statistics.median(stores), "store_p95": p95(stores),
            "store_cpu_ms": statistics.median(cpu),
            "bounded_ms": statistics.median(lookups["bounded"]) if lookups["bounded"] else 0.0,
            "bounded_p95": p95(lookups["bounded"]),
            "candidates": statistics.median(candidates) if candidates else 0,
            "unbounded_ms": statistics.median(lookups["unbounded"]) if lookups["unbounded"] else 0.0,
            "band_rows": band_rows, "doc_bytes": db_bytes / documents, "band_doc_bytes": band_bytes / documents}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0,10000,100000",
                        help="archive sizes, separated by commas or spaces (1000000 takes about an hour on two cores)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in re.split(r"[,\s]+", args.sizes.strip())]
        backends = [b for b in re.split(r"[,\s]+", args.backends.strip())]
        if any(s < 0 for s in sizes) or not set(backends) <= {"sqlite", "postgresql"}:
            raise ValueError
    except ValueError:
        print(f"dedup_scale: --sizes wants non-negative integers, --backends sqlite and/or postgresql "
              f"(got {args.sizes!r}, {args.backends!r})", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING)
    print("store: ms per notice stored by Archive.record_notice (median / p95 of 60; cpu: this process's CPU "
          "time, median, less noisy on a loaded machine, the whole cost on SQLite); lookup: "
          "dedup.candidate_versions alone; baseline: the unbounded lookup; build: sketch + bulk load; "
          "bytes/doc: whole database and shingle_bands, per document", flush=True)
    print(f"{'backend':<11} {'documents':>9} {'store ms':>13} {'cpu ms':>6} {'lookup ms':>11} {'cands':>5} {'baseline ms':>11} "
          f"{'sketch s':>8} {'load s':>7} {'bytes/doc':>9} {'bands B/doc':>11} {'band rows':>10} {'load avg':>8}",
          flush=True)
    for backend in backends:
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    url, cleanup = f"sqlite:///{tmp}/scale.sqlite", (lambda: None)
                else:
                    url, cleanup = fresh_postgres("edunotice_bench")
                try:
                    r = measure(url, size)
                finally:
                    cleanup()
            print(f"{backend:<11} {size:>9} {r['store_ms']:>6.1f} /{r['store_p95']:>6.1f} {r['store_cpu_ms']:>6.1f} "
                  f"{r['bounded_ms']:>5.2f} /{r['bounded_p95']:>4.1f} {r['candidates']:>5.0f} {r['unbounded_ms']:>11.1f} "
                  f"{r['sketch_s']:>8.0f} {r['load_s']:>7.0f} {r['doc_bytes']:>9.0f} {r['band_doc_bytes']:>11.0f} "
                  f"{r['band_rows']:>10} {os.getloadavg()[0]:>8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
