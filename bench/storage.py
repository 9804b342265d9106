"""Bytes of WARC stored per notice version on the sample portals, with and without revisits.

Crawls the four bundled sample portals into a temporary archive RUNS times (the first a
normal run, the rest ``--full`` re-checks, as a weekly full walk would), then reads every
WARC record: "with revisits" is what is on disk; "without" adds, for each revisit record,
the size the full response record it points to took. Not a test: it prints figures.

    make bench-storage          # or: .venv/bin/python -m bench.storage [RUNS]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import yaml
from sqlalchemy import func, select
from warcio.archiveiterator import ArchiveIterator

from archive.models import Version
from archive.store import Archive
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


def main(runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        sites = build_sites(root / "sites")
        db_url = f"sqlite:///{root / 'archive.sqlite'}"
        files = []
        for portal in sample_portals():
            moved = rebase(portal, stack.enter_context(serve_site(sites[portal.id])).base_url)
            files.append(root / f"{portal.id}.yaml")
            files[-1].write_text(yaml.safe_dump(moved.as_dict(), allow_unicode=True), encoding="utf-8")
        env = {**os.environ, "EDUNOTICE_DATA_DIR": str(root / "data")}
        for run in range(runs):
            # Each run in its own process, as cron runs it (a Twisted reactor runs once).
            args = [a for f in files for a in ("--portal-file", str(f))] + (["--full"] if run else [])
            subprocess.run([sys.executable, "-m", "crawler", "crawl", *args, "--db", db_url],
                           env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with Archive(db_url) as archive, archive.sessions() as s:
            versions = s.scalar(select(func.count()).select_from(Version))
        files = sorted((root / "data" / "warc").rglob("*.warc.gz"))
        on_disk, without, revisits = record_sizes(files)
    print(f"sample portals, {runs} runs (1 normal + {runs - 1} --full), {versions} notice versions, "
          f"{len(files)} WARC files, {revisits} revisit records")
    print(f"{'':28}{'bytes':>12}{'bytes/version':>16}")
    print(f"{'with revisit records':28}{on_disk:>12,}{on_disk / versions:>16,.0f}")
    print(f"{'without (full copies)':28}{without:>12,}{without / versions:>16,.0f}")
    print(f"saved by revisits: {1 - on_disk / without:.1%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
