"""Memory benchmark: the crawl's maximum resident set size on hostile and on large portals.

``make bench-memory`` (or ``python -m bench.memory [--count N]``) runs two crawls, each in
its own subprocess (as cron would), and prints the child's max RSS (``wait4`` rusage):

1. the fault suite (``crawler.localportals.faultsuite``): a healthy night, then the night
   every notice misbehaves (gzip/deflate bombs, 6 MB pages, a 3 MB attachment, trickles,
   truncations...), with the default limits and 5-second timeouts;
2. a generated portal of 5,000 notices (``crawler.localportals.large``), crawled in full;
3. a portal whose one notice links a 100 MB attachment (``crawler.localportals.faults_stream``,
   the attachment limit raised to 150 MB): streamed to disk, it costs no more than a small one.

Goal: under 400 MB each. A benchmark, not a test: it prints figures and exits 1 when a
goal is missed.
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
from crawler.localportals.faults_stream import portal_definition as big_attachment_definition
from crawler.localportals.faults_stream import serve_big_attachment
from crawler.localportals.faultsuite import portal_definition as fault_definition
from crawler.localportals.faultsuite import serve_fault_suite
from crawler.localportals.large import build_portal
from crawler.localportals.large import portal_definition as large_definition

GOAL_MB = 400
_DRIVER = """
import json, sys
from dataclasses import asdict
from crawler.portal import load_portal
from crawler.run import run_crawl
summaries = run_crawl([load_portal(sys.argv[1])], sys.argv[2], json.loads(sys.argv[3]))
print(json.dumps([asdict(s) for s in summaries], default=str))
"""


def report(name: str, rss: float, took: float, summary: dict) -> None:
    print(f"{name:<34} {rss:>10.0f} {took:>8.1f} {summary['notices_seen']:>8} {summary['errors']:>6}", flush=True)


def crawl(definition: Path, db_url: str, data_dir: Path, settings: dict) -> tuple[float, float, dict]:
    """Crawl once in a child process: (max RSS in MB, seconds, the run summary)."""
    started = time.monotonic()
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(data_dir), "EDUNOTICE_LOG_LEVEL": "ERROR"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, "-c", _DRIVER, str(definition), db_url, json.dumps(settings)],
                                 stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            sys.exit(f"crawl failed (exit {child.returncode}):\n{err.read().decode()[-3000:]}")
        summary = json.loads(out.read().decode().strip().splitlines()[-1])[0]
    return usage.ru_maxrss / 1024, time.monotonic() - started, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="notices on the generated portal (default 5000)")
    args = parser.parse_args()
    rows = []
    print(f"{'crawl':<34} {'max RSS MB':>10} {'seconds':>8} {'notices':>8} {'errors':>6}", flush=True)
    fast = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "EDUNOTICE_BACKOFF_MAX_DELAY": 1}
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-memory-") as tmp:
        root = Path(tmp)
        with serve_fault_suite(slow_seconds=8) as server:
            definition = root / "fault_suite.yaml"
            definition.write_text(yaml.safe_dump(fault_definition(server), allow_unicode=True), encoding="utf-8")
            db_url = f"sqlite:///{root / 'faults.sqlite'}"
            settings = {**fast, "DOWNLOAD_TIMEOUT": 5, "EDUNOTICE_FULL": True}
            for night in (1, 2):
                server.night = night
                rss, took, summary = crawl(definition, db_url, root / "data", settings)
                rows.append((f"fault suite, night {night}", rss, took, summary))
                report(*rows[-1])
        site = build_portal(root / "site", args.count)
        with serve_site(site) as server:
            definition = root / "large_edu.yaml"
            definition.write_text(yaml.safe_dump(large_definition("large_edu", server.base_url, count=args.count,
                                                                  concurrency=4)), encoding="utf-8")
            rss, took, summary = crawl(definition, f"sqlite:///{root / 'large.sqlite'}", root / "data", fast)
            rows.append((f"generated portal, {args.count:,} notices", rss, took, summary))
            report(*rows[-1])
        with serve_big_attachment(100 * 1024 * 1024) as server:
            definition = root / "big_attachment.yaml"
            definition.write_text(yaml.safe_dump(big_attachment_definition(server), allow_unicode=True),
                                  encoding="utf-8")
            rss, took, summary = crawl(definition, f"sqlite:///{root / 'big.sqlite'}", root / "data",
                                       {**fast, "EDUNOTICE_ATTACHMENT_MAX_BYTES": 150 * 1024 * 1024,
                                        "DOWNLOAD_TIMEOUT": 120})
            rows.append(("one notice, a 100 MB attachment", rss, took, summary))
            report(*rows[-1])
    worst = max(rss for _, rss, _, _ in rows)
    print(f"largest: {worst:.0f} MB (goal < {GOAL_MB} MB each)")
    if worst >= GOAL_MB:
        sys.exit("goal missed")


if __name__ == "__main__":
    main()
