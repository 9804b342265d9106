"""Bytes stored per notice on the sample portals: WARC (with and without revisits) and database.

Crawls the four bundled sample portals into a temporary archive RUNS times (the first a
normal run, the rest ``--full`` re-checks, as a weekly full walk would), then reads every
WARC record: "with revisits" is what is on disk; "without" adds, for each revisit record,
the size the full response record it points to took. Then the database: the SQLite file's
bytes per document, and per table (its indexes and FTS shadow tables counted with it) from
SQLite's ``dbstat``: pages (what the file holds) and payload (the rows' bytes, which does not
depend on how full a small archive's pages are). With ``--postgres`` the same crawl is also
run into a fresh PostgreSQL database and ``pg_total_relation_size`` is reported per table.
Not a test: it prints figures.

    make bench-storage          # or: .venv/bin/python -m bench.storage [--runs N] [--postgres]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import yaml
from sqlalchemy import create_engine, func, select, text
from warcio.archiveiterator import ArchiveIterator

from archive.models import Document, Version
from archive.store import Archive
from bench.pgtemp import fresh_postgres
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site


def record_sizes(files: list[Path]) -> tuple[int, int, int]:
    """(bytes on disk, bytes if every revisit were a full response, revisit count)."""
    on_disk = without = revisits = 0
    sizes: dict[str, int] = {}  # payload digest -> compressed size of its response record
    for path in files:
        on_disk += path.stat().st_size
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                record.content_stream().read()
                length = records.get_record_length()
                kind = record.rec_type
                digest = record.rec_headers.get_header("WARC-Payload-Digest")
                if kind == "response" and digest:
                    sizes.setdefault(digest, length)
                    without += length
                elif kind == "revisit":
                    revisits += 1
                    without += sizes.get(digest, length)
                else:
                    without += length
    return on_disk, without, revisits




def _owner(name: str, index_of: dict[str, str]) -> str:
    """The table a b-tree serves: FTS5 shadow tables count with ``search_fts``, indexes with their table."""
    if name.startswith("search_fts"):
        return "search_fts"
    return index_of.get(name, name)


def sqlite_tables(path: Path) -> dict[str, tuple[int, int]]:
    """Per table, its indexes included: (bytes of pages, bytes of row payload), from dbstat."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        index_of = dict(conn.execute(text("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")).all())
        sizes: dict[str, list[int]] = {}
        for name, pages, payload in conn.execute(text("SELECT name, sum(pgsize), sum(payload) FROM dbstat GROUP BY name")):
            total = sizes.setdefault(_owner(name, index_of), [0, 0])
            total[0] += pages
            total[1] += payload
    engine.dispose()
    return {name: (pages, payload) for name, (pages, payload) in sizes.items()}


def postgres_tables(url: str) -> dict[str, int]:
    """Per table: pg_total_relation_size (heap, TOAST and indexes)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT relname, pg_total_relation_size(oid) FROM pg_class "
                                 "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")).all()
    engine.dispose()
    return dict(rows)


def crawl(files: list[Path], db_url: str, data_dir: Path, runs: int) -> int:
    """Crawl the portals ``runs`` times into ``db_url``; the number of documents archived."""
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(data_dir)}
    for run in range(runs):
        # Each run in its own process, as cron runs it (a Twisted reactor runs once).
        args = [a for f in files for a in ("--portal-file", str(f))] + (["--full"] if run else [])
        subprocess.run([sys.executable, "-m", "crawler", "crawl", *args, "--db", db_url],
                       env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with Archive(db_url) as archive, archive.sessions() as s:
        return s.scalar(select(func.count()).select_from(Document))


def print_tables(title: str, documents: int, sizes: dict[str, tuple[int, ...]], columns: tuple[str, ...]) -> None:
    print(f"\n{title}, {documents} documents")
    print(f"{'table (with its indexes)':28}" + "".join(f"{c:>18}" for c in columns))
    totals = [sum(v[i] for v in sizes.values()) for i in range(len(columns))]
    for name, values in sorted(sizes.items(), key=lambda item: -item[1][0]):
        if values[0]:
            print(f"{name:28}" + "".join(f"{v / documents:>18,.0f}" for v in values))
    print(f"{'all tables':28}" + "".join(f"{v / documents:>18,.0f}" for v in totals))


def main(runs: int = 3, postgres: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        sites = build_sites(root / "sites")
        db_path = root / "archive.sqlite"
        db_url = f"sqlite:///{db_path}"
        files = []
        for portal in sample_portals():
            moved = rebase(portal, stack.enter_context(serve_site(sites[portal.id])).base_url)
            files.append(root / f"{portal.id}.yaml")
            files[-1].write_text(yaml.safe_dump(moved.as_dict(), allow_unicode=True), encoding="utf-8")
        documents = crawl(files, db_url, root / "data", runs)
        with Archive(db_url) as archive, archive.sessions() as s:
            versions = s.scalar(select(func.count()).select_from(Version))
        warcs = sorted((root / "data" / "warc").rglob("*.warc.gz"))
        on_disk, without, revisits = record_sizes(warcs)
        tables = sqlite_tables(db_path)
        file_size = db_path.stat().st_size
        pg_documents, pg_tables = 0, {}
        if postgres:
            pg_url, drop = fresh_postgres("edunotice_storage")
            try:
                pg_documents = crawl(files, pg_url, root / "pgdata", runs)
                pg_tables = postgres_tables(pg_url)
            finally:
                drop()
    print(f"sample portals, {runs} runs (1 normal + {runs - 1} --full), {versions} notice versions, "
          f"{len(warcs)} WARC files, {revisits} revisit records")
    print(f"{'':28}{'bytes':>12}{'bytes/version':>16}")
    print(f"{'with revisit records':28}{on_disk:>12,}{on_disk / versions:>16,.0f}")
    print(f"{'without (full copies)':28}{without:>12,}{without / versions:>16,.0f}")
    print(f"saved by revisits: {1 - on_disk / without:.1%}")
    print(f"\nSQLite file: {file_size:,} bytes, {file_size / documents:,.0f} bytes per document")
    print_tables("SQLite bytes per document", documents, tables, ("pages", "row payload"))
    if postgres:
        print_tables("PostgreSQL bytes per document (pg_total_relation_size)", pg_documents,
                     {k: (v,) for k, v in pg_tables.items()}, ("bytes",))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="also crawl into a fresh PostgreSQL database")
    args = parser.parse_args()
    main(args.runs, args.postgres)
