"""Search benchmark (``make bench-search``; prints figures, asserts nothing).

A synthetic archive of seed-shaped notices (paragraphs of the five seeds, reshuffled, with
numbers and years changed; titles from the sample portals' templates) on SQLite and on the
local PostgreSQL. Measures: index build time (``archive.fts.rebuild``), index size against
the UTF-8 size of the indexed text (titles + ``text_normalized``), and p50/p95 latency of
``archive.search.search`` (total count + top 20 ranked + their records, no facets) for
1-, 2-, 4-character and multi-word queries. A total past the count limit is estimated
(archive.estimate) as a user gets it; for each estimated query the exact count is then
taken once (``exact_count=True``, untimed in the table) and printed next to the estimate
and its interval, with the time the exact count took.

Environment: ``BENCH_SEARCH_VERSIONS`` (default 100000), ``BENCH_SEARCH_BACKENDS``
(``sqlite,postgresql``), ``EDUNOTICE_TEST_POSTGRES`` (admin URL of the local server),
``BENCH_SEARCH_KEEP`` (a directory: the SQLite archive is built there and kept, and the
PostgreSQL one in a database named for the size, ``edunotice_bench_search_<n>``, or
``BENCH_SEARCH_PG_DB`` when set; a later run with the same directory and size measures them
again without rebuilding).
"""

from __future__ import annotations

import os
import random
import re
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text

from archive import db, fts
from archive.models import Document, PortalRow, Version
from archive.search import SearchRequest, search
from archive.store import Archive

SEEDS = Path(__file__).resolve().parents[1] / "crawler" / "localportals" / "seeds"
POSTGRES_ADMIN_URL = os.environ.get("EDUNOTICE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
QUERIES = {
    "1-char": ["学", "教", "招", "减", "园"],
    "2-char": ["教育", "双减", "招生", "学位", "督导"],
    "4-char": ["中小学校", "工作要点", "义务教育", "专项治理", "课后服务"],
    "multi-word": ["教育 2022", "招生 方案", "双减 督导", "学前教育 普惠", "安全 排查 整治"],
}
RUNS = 3  # timed runs of each query after one warm-up
TOPICS = ["学前教育宣传月", "义务教育阶段学校招生", "中小学教师继续教育培训", "校外培训机构专项治理", "校园安全隐患排查整治",
          "中小学生艺术展演", "教育工作要点", "课后服务", "双减督导检查", "学位供给", "中小学体质健康监测"]
VERBS = ["关于开展", "关于印发", "关于做好", "关于公布", "关于组织"]


def seed_paragraphs() -> list[str]:
    paras = []
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 20:
                paras.append(line)
    return paras


def make_notices(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(title, published, text) of n seed-shaped notices, about 1,000 characters each."""
    paras = seed_paragraphs()
    out = []
    for i in range(n):
        year = rng.choice((2019, 2020, 2021, 2022, 2023, 2024))
        title = f"{rng.choice(VERBS)}{year}年{rng.choice(TOPICS)}工作的通知"
        body, size = [], 0
        while size < 1000:
            p = rng.choice(paras)
            p = re.sub(r"\d+", lambda m: str(rng.randrange(1, 5000)), p)
            body.append(p[:400])
            size += len(body[-1])
        published = (datetime(year, 1, 1) + timedelta(days=rng.randrange(365))).date().isoformat()
        out.append((title, published, "\n".join(body)))
        if i and i % 100000 == 0:
            print(f"  generated {i}", flush=True)
    return out


def load(url: str, notices: list[tuple[str, str, str]]) -> Archive:
    """Bulk-insert portals, documents and versions (the store's per-notice path would take hours)."""
    archive = Archive(url)
    if archive.engine.dialect.name == "postgresql":  # built once after the load, and timed (rebuild)
        with archive.engine.begin() as conn:
            for ddl in fts.POSTGRES_DROP_DDL:
                conn.execute(text(ddl))
    now = datetime(2026, 11, 1)
    portals = [("official", f"bench_official_{i}") for i in range(6)] + [("mirror", f"bench_mirror_{i}") for i in range(2)]
    with archive.engine.begin() as conn:
        conn.execute(insert(PortalRow), [{"id": pid, "name": pid, "kind": kind, "region": f"区域{i}", "agency": f"机构{i}",
                                        "definition": {}, "first_seen": now} for i, (kind, pid) in enumerate(portals)])
        batch = 5000
        for start in range(0, len(notices), batch):
            chunk = notices[start:start + batch]
            conn.execute(insert(Document), [
                {"id": start + k + 1, "portal_id": portals[(start + k) % len(portals)][1],
                 "url": f"https://bench.example/{start + k + 1}.html", "first_seen": now, "last_seen": now,
                 "missing_runs": 0} for k in range(len(chunk))])
            conn.execute(insert(Version), [
                {"id": start + k + 1, "document_id": start + k + 1, "version": 1, "content_sha256": "0" * 64,
                 "text_sha256": "0" * 64, "fetched_at": now, "fetch_url": "x", "http_status": 200, "title": t,
                 "published": p, "text": body, "text_normalized": body, "script": "zh-Hans", "flags": [],
                 "attachments": []} for k, (t, p, body) in enumerate(chunk)])
    return archive


def sizes(archive: Archive, path: Path | None) -> tuple[int, int]:
    """(index bytes, indexed text bytes)."""
    with archive.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            text_bytes = conn.scalar(text("SELECT sum(length(CAST(text_normalized AS BLOB))) + "
                                          "sum(length(CAST(coalesce(title, '') AS BLOB))) FROM versions"))
            # every FTS5 shadow table, search_titles and its indexes
            index = conn.scalar(text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%' "
                                     "OR name LIKE 'ix_search_titles%' OR name LIKE '%autoindex_search_titles%'"))
        else:
            text_bytes = conn.scalar(text("SELECT sum(octet_length(text_normalized)) + "
                                          "sum(octet_length(coalesce(title, ''))) FROM versions"))
            index = conn.scalar(text("SELECT pg_relation_size('ix_versions_grams') + pg_relation_size('ix_search_titles_grams')"
                                     " + pg_total_relation_size('search_titles')"))
    return int(index or 0), int(text_bytes or 0)


def measure(archive: Archive) -> tuple[dict[str, tuple[float, float, float, float, float]], list[tuple]]:
    """({class: (p50 ms, p95 ms, mean total hits, CPU p50 ms, CPU p95 ms)}, [(query, estimate,
    low, high, exact count, exact count ms) of each estimated total]). CPU (_cpu_clock):
    what a loaded machine inflates far less than the wall clock."""
    out, checks = {}, []
    with archive.sessions() as s:
        clock = _cpu_clock(s)
        for name, queries in QUERIES.items():
            times, cpu, totals = [], [], []
            for q in queries:
                req = SearchRequest(query=q, facets=False, snippets=False, per_page=20)
                search(s, req)  # warm-up
                for _ in range(RUNS):
                    started, started_cpu = time.perf_counter(), clock()
                    result = search(s, req)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((clock() - started_cpu) * 1000)
                totals.append(result.total)
                if not getattr(result, "count_exact", True):  # (older code, measured A/B: always exact)
                    started = time.perf_counter()
                    exact = search(s, replace(req, exact_count=True)).total
                    checks.append((q, result.total, result.estimate.low, result.estimate.high, exact,
                                   (time.perf_counter() - started) * 1000))
            out[name] = (*_p50_p95(times), statistics.mean(totals), *_p50_p95(cpu))
    return out, checks


def _cpu_clock(s):
    """A clock of the CPU seconds a search spends: this process's, plus on a local PostgreSQL
    its server process's (read from /proc; parallel workers not included), when readable."""
    if s.get_bind().dialect.name != "postgresql":
        return time.process_time
    stat = Path(f"/proc/{s.scalar(text('SELECT pg_backend_pid()'))}/stat")
    if not os.access(stat, os.R_OK):
        return time.process_time
    tick = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return time.process_time() + (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return clock


def _p50_p95(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


class Notices:
    """The n notices, generated when first needed (a kept archive is measured without them)."""

    def __init__(self, n: int):
        self.n, self._items = n, None

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, key):
        if self._items is None:
            print(f"generating {self.n} seed-shaped notices", flush=True)
            self._items = make_notices(self.n, random.Random(6))
        return self._items[key]


def run(backend: str, notices: Notices) -> dict:
    tmp, pg_name, keep = None, None, os.environ.get("BENCH_SEARCH_KEEP")
    if backend == "sqlite" and keep:
        path = Path(keep) / f"bench-{len(notices)}.sqlite"
        if path.exists():
            return measured_kept(f"sqlite:///{path}", backend)
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    elif backend == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
        url = f"sqlite:///{tmp / 'bench.sqlite'}"
    else:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        if keep:  # a database named for the size, kept (measured again without rebuilding)
            kept = os.environ.get("BENCH_SEARCH_PG_DB") or f"edunotice_bench_search_{len(notices)}"
            url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{kept}"
            with admin.connect() as conn:
                exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": kept})
            if exists and _loaded(url, len(notices)):
                admin.dispose()
                return measured_kept(url, backend)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{kept}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{kept}"'))
        else:
            pg_name = f"edunotice_bench_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{pg_name}"'))
            url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{pg_name}"
    try:
        started = time.monotonic()
        archive = load(url, notices)
        loaded = time.monotonic() - started
        started = time.monotonic()
        with archive.engine.begin() as conn:
            fts.rebuild(conn)
        build = time.monotonic() - started
        if backend == "postgresql":
            with archive.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        return measured(archive, backend, tmp, loaded, build)
    finally:
        if pg_name:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
            admin.dispose()
        if tmp:
            for f in tmp.iterdir():
                f.unlink()
            tmp.rmdir()


def _loaded(url: str, n: int) -> bool:
    """True when the kept archive at ``url`` holds the n versions (an interrupted load is
    started again; an unfinished index is rebuilt by measured_kept)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return (conn.scalar(text("SELECT to_regclass('versions') IS NOT NULL"))
                    and conn.scalar(text("SELECT count(*) FROM versions")) == n)
    finally:
        engine.dispose()


def measured_kept(url: str, backend: str) -> dict:
    """Measure a kept archive; one of an older schema is upgraded first, and the upgrade (which
    rebuilds the index when a migration changes it) is timed as the build, as is a rebuild of
    an index left incomplete (a run stopped while building it keeps the loaded versions)."""
    engine = db.make_engine(url)
    try:
        build = None
        started = time.monotonic()
        if db.current_revision(engine) != db.head_revision():
            db.upgrade(engine)
            build = time.monotonic() - started
        with engine.begin() as conn:
            if not fts.is_indexed(conn):
                fts.rebuild(conn)
                build = time.monotonic() - started
        if build is not None:
            if backend == "postgresql":
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()
    return measured(Archive(url), backend, None, None, build)


def measured(archive: Archive, backend: str, tmp: Path | None, loaded: float | None, build: float | None) -> dict:
    index_bytes, text_bytes = sizes(archive, tmp)
    with archive.sessions() as s:
        versions = s.scalar(select(func.count()).select_from(Version))
    latencies, checks = measure(archive)
    archive.close()
    return {"backend": backend, "versions": versions, "load_s": loaded or 0, "build_s": build or 0,
            "index_mb": index_bytes / 1e6, "text_mb": text_bytes / 1e6, "ratio": index_bytes / max(1, text_bytes),
            "latency": latencies, "estimates": checks}


def main() -> None:
    n = int(os.environ.get("BENCH_SEARCH_VERSIONS", "100000"))
    backends = os.environ.get("BENCH_SEARCH_BACKENDS", "sqlite,postgresql").split(",")
    notices = Notices(n)
    results = []
    for backend in backends:
        print(f"{backend}: loading and indexing", flush=True)
        results.append(run(backend, notices))
        r = results[-1]
        print(f"  {r['versions']} versions; load {r['load_s']:.0f} s; index build {r['build_s']:.0f} s; "
              f"index {r['index_mb']:.0f} MB for {r['text_mb']:.0f} MB of text ({r['ratio']:.2f}x)", flush=True)
        for name, (p50, p95, hits, cpu50, cpu95) in r["latency"].items():
            print(f"  {name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms (CPU {cpu50:.0f} / {cpu95:.0f}), "
                  f"mean hits {hits:.0f}", flush=True)
        for q, estimate, low, high, exact, exact_ms in r["estimates"]:
            print(f"  estimated {q}: about {estimate} ({low}-{high}); exact {exact} "
                  f"({'inside' if low <= exact <= high else 'OUTSIDE'} the interval, "
                  f"{(estimate - exact) / max(1, exact):+.1%}); the exact count took {exact_ms:.0f} ms", flush=True)
    print()
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("| backend | versions | build s | index MB | text MB | index/text | class | p50 ms | p95 ms "
          "| CPU p50 ms | CPU p95 ms | mean hits |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for name, (p50, p95, hits, cpu50, cpu95) in r["latency"].items():
            print(f"| {r['backend']} | {r['versions']} | {r['build_s']:.0f} | {r['index_mb']:.0f} | {r['text_mb']:.0f} | "
                  f"{r['ratio']:.2f} | {name} | {p50:.0f} | {p95:.0f} | {cpu50:.0f} | {cpu95:.0f} | {hits:.0f} |")


if __name__ == "__main__":
    main()
