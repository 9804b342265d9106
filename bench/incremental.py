"""Incremental crawl benchmark: one generated portal crawled twice, unchanged in between.

``make bench-incremental`` (or ``python -m bench.incremental [--count N]``) builds a local
portal of 2,000 generated notices (``crawler.localportals.large``; 20 of them dated in the
last days, so the second run re-checks those with conditional requests), serves it on
127.0.0.1 and crawls it twice with ``edunotice crawl`` in a subprocess, as cron would.
It prints, for each run, the bytes the server sent, its requests and the wall time of the
command, then the second run's share of the first's. Goal: under 10% of the bytes and
under 20% of the time. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from crawler.localportals import serve_site
from crawler.localportals.large import build_portal, portal_definition

BYTES_GOAL = 0.10
TIME_GOAL = 0.20


def crawl(portal_file: Path, db_url: str, data_dir: Path) -> tuple[float, dict]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "--portal-file", str(portal_file), "--db", db_url,
         "--json", "--quiet"],
        capture_output=True, text=True, env={**os.environ, "EDUNOTICE_DATA_DIR": str(data_dir)})
    took = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"crawl failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return took, json.loads(result.stdout)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="notices on the portal (default 2000)")
    parser.add_argument("--recent", type=int, default=20, help="notices dated in the last days (default 20)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests at a time (1-4, default 4)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-") as tmp:
        root = Path(tmp)
        site = build_portal(root / "site", args.count, recent=args.recent)
        rows = []
        with serve_site(site) as server:
            portal_file = root / "bench_edu.yaml"
            definition = portal_definition("bench_edu", server.base_url, count=args.count,
                                           concurrency=args.concurrency)
            portal_file.write_text(yaml.safe_dump(definition), encoding="utf-8")
            for name in ("first", "second"):
                requests, sent = server.requests, server.bytes_sent
                took, summary = crawl(portal_file, f"sqlite:///{root / 'archive.sqlite'}", root / "data")
                rows.append((name, server.bytes_sent - sent, server.requests - requests, took, summary))
    print(f"incremental crawl of a generated portal: {args.count} notices, {args.recent} recent")
    print(f"{'run':<7} {'bytes sent':>12} {'requests':>8} {'seconds':>8} {'new docs':>8} {'unchanged':>9} {'status':>7}")
    for name, sent, requests, took, s in rows:
        print(f"{name:<7} {sent:>12,} {requests:>8} {took:>8.1f} {s['new_documents']:>8} {s['unchanged']:>9} "
              f"{s['status']:>7}")
    (_, bytes1, _, time1, _), (_, bytes2, _, time2, _) = rows
    bytes_ratio, time_ratio = bytes2 / bytes1, time2 / time1
    print(f"second/first: bytes {bytes_ratio:.2%} (goal < {BYTES_GOAL:.0%}), "
          f"time {time_ratio:.2%} (goal < {TIME_GOAL:.0%})")
    if bytes_ratio >= BYTES_GOAL or time_ratio >= TIME_GOAL:
        sys.exit("goal missed")


if __name__ == "__main__":
    main()
