"""Throughput benchmark: how fast ``edunotice crawl`` archives a portal against a bare fetch.

``make bench-throughput`` (or ``python -m bench.throughput [--count N] [--runs N]``) builds one
local portal of 3,000 generated notices (``crawler.localportals.large``), serves it on
127.0.0.1 and, in ONE run, alternating, measures three crawls of it (each in its own process,
as cron would start it):

  bare     a plain Scrapy spider fetching every list and notice page, 16 requests at a time;
  naive    the same plus ``trafilatura.extract`` on every notice page in the spider callback
           (the pipeline anyone would write first);
  edunotice ``edunotice crawl`` of the portal into a new SQLite archive with politeness off:
           download delay 0, 16 requests at a time per host, AutoThrottle and robots.txt off
           (``--set``), WARC capture, extraction, copy detection and storage as usual.

Each figure is pages per minute over the crawl's own time (spider opened to closed; for
edunotice the run's ``started_at``/``finished_at`` in the archive), the median of ``--runs``
runs (default 3); beside it pages per minute over the command's wall time (Python start
included, and for edunotice the copy linking it does after the crawl, archive/dedup.py), and
the CPU time of all the crawl process's threads per page (less sensitive to other jobs on the
machine).
Then the ratios edunotice/bare (goal >= 0.5) and edunotice/naive (goal >= 1.2), and the load
average (the machine is shared: compare figures taken in the same minutes only).
``--before REF`` (``make bench-throughput BEFORE=REF``) also crawls with the code at git REF, as
a fourth crawl alternated with the others, for a before/after table measured in one run.
A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

CONCURRENCY = 16
KINDS = ("bare", "naive", "edunotice")


# -- the child: a bare Scrapy spider, optionally running trafilatura in its callback -------------
def run_spider(list_urls: list[str], extract: bool) -> None:
    """Crawl the list pages and every notice they link; print pages and seconds as JSON."""
    import re

    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    notice_link = re.compile(r"t\d{8}_\d+\.html$")
    times: dict[str, float] = {}

    class BenchSpider(scrapy.Spider):
        name = "bench"
        custom_settings = {
            "CONCURRENT_REQUESTS": CONCURRENCY, "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
            "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
            "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False,
        }

        async def start(self):
            for url in list_urls:
                yield scrapy.Request(url, callback=self.parse_list)

        def parse_list(self, response):
            for href in response.css("a::attr(href)").getall():
                if notice_link.search(href):
                    yield response.follow(href, callback=self.parse_notice)

        def parse_notice(self, response):
            if extract:
                import trafilatura

                yield {"url": response.url, "text": trafilatura.extract(response.text)}

    def opened():
        times["opened"] = time.monotonic()

    def closed():
        times["closed"] = time.monotonic()

    process = CrawlerProcess({"LOG_LEVEL": "ERROR"})
    crawler = process.create_crawler(BenchSpider)
    crawler.signals.connect(opened, signal=signals.spider_opened)  # held here: signals keep weak references
    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler)
    process.start()
    print(json.dumps({"pages": crawler.stats.get_value("response_received_count", 0),
                      "seconds": times["closed"] - times["opened"]}))


# -- the parent -------------------------------------------------------------------------------
def _child(args: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[dict, float, float]:
    """Run a child Python: (its last stdout line as JSON, wall seconds, CPU seconds of all its threads)."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([sys.executable, *args], stdout=out, stderr=err,
                                 env={**os.environ, **(env or {})}, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # edunotice exits 1 when a run needs attention
            sys.exit(f"{' '.join(args[:3])} failed (exit {code}):\n{err.read().decode()[-3000:]}")
        return json.loads(out.read().decode().strip().splitlines()[-1]), wall, usage.ru_utime + usage.ru_stime


def measure(kind: str, *, list_urls: list[str], portal_file: Path, work: Path, run: int,
            code: Path | None = None) -> tuple[int, float, float, float]:
    """One crawl of ``kind`` (edunotice with the packages in ``code`` when given):
    (pages, crawl seconds, wall seconds, CPU seconds)."""
    if kind in ("bare", "naive"):
        out, wall, cpu = _child(["-m", "bench.throughput", "--child", kind, *list_urls])
        return out["pages"], out["seconds"], wall, cpu
    db_path = work / f"{kind}-run{run}.sqlite"
    db_url = f"sqlite:///{db_path}"
    polite_off = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": "false", "ROBOTSTXT_OBEY": "false",
                  "CONCURRENT_REQUESTS": CONCURRENCY, "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY}
    sets = [arg for key, value in polite_off.items() for arg in ("--set", f"{key}={value}")]
    summaries, wall, cpu = _child(["-m", "crawler", "crawl", "--portal-file", str(portal_file), "--db", db_url,
                              "--json", "--quiet", *sets],
                             env={"EDUNOTICE_DATA_DIR": str(work / f"{kind}-data{run}"), "EDUNOTICE_LOG_LEVEL": "ERROR",
                                  **({"PYTHONPATH": str(code)} if code else {})}, cwd=code)
    summary = summaries if isinstance(summaries, dict) else summaries[0]
    if summary["status"] not in ("ok",) or summary["new_versions"] == 0:
        print(f"  note: edunotice run {run} status {summary['status']}, {summary['new_versions']} versions, "
              f"samples {summary.get('error_samples', [])[:2]}", flush=True)
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        started, finished = conn.execute(
            "SELECT started_at, finished_at FROM crawl_runs WHERE id = ?", (summary["run_id"],)).fetchone()
    from datetime import datetime

    seconds = (datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
    return summary["pages_fetched"], seconds, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000, help="notices on the portal (default 3000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each crawl, alternated (default 3)")
    parser.add_argument("--only", choices=KINDS, action="append", help="measure only these crawls")
    parser.add_argument("--before", metavar="REF", help="also crawl with the code at git REF (edunotice@REF)")
    parser.add_argument("--child", choices=("bare", "naive"), help=argparse.SUPPRESS)
    parser.add_argument("urls", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_spider(args.urls, extract=args.child == "naive")
        return

    from bench.reextract import code_at
    from crawler.localportals import serve_site
    from crawler.localportals.large import LIST_PATH, build_portal, list_pages, portal_definition

    kinds = args.only or list(KINDS)
    before = f"edunotice@{args.before}" if args.before else None
    if before:
        kinds.insert(kinds.index("edunotice") if "edunotice" in kinds else len(kinds), before)
    figures: dict[str, list[tuple[int, float, float, float]]] = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-throughput-") as tmp:
        work = Path(tmp)
        code = code_at(args.before, work / "before", changed=False) if args.before else None
        site = build_portal(work / "site", args.count)
        with serve_site(site) as server:
            base = server.base_url + LIST_PATH.removesuffix("index.html")
            list_urls = [base + ("index.html" if p == 0 else f"index_{p}.html") for p in range(list_pages(args.count))]
            definition = portal_definition("throughput_edu", server.base_url, count=args.count,
                                           concurrency=CONCURRENCY)
            portal_file = work / "throughput_edu.yaml"
            portal_file.write_text(yaml.safe_dump(definition), encoding="utf-8")
            print(f"throughput on one generated portal: {args.count:,} notices, {len(list_urls)} list pages, "
                  f"{args.runs} runs each, alternated; load average {_load()}", flush=True)
            for run in range(args.runs):
                for kind in kinds:
                    pages, seconds, wall, cpu = measure(kind, list_urls=list_urls, portal_file=portal_file,
                                                        work=work, run=run, code=code if kind == before else None)
                    figures[kind].append((pages, seconds, wall, cpu))
                    print(f"  run {run + 1} {kind:<20} {pages:>6} pages {seconds:>7.1f} s "
                          f"{pages / seconds * 60:>9,.0f} pages/min (wall {wall:.1f} s, CPU {cpu:.1f} s, "
                          f"load {_load()})", flush=True)
    medians = {kind: statistics.median(p / s * 60 for p, s, _, _ in rows) for kind, rows in figures.items()}
    walls = {kind: statistics.median(p / w * 60 for p, _, w, _ in rows) for kind, rows in figures.items()}
    print(f"\n{'crawl':<20} {'pages/min (median)':>19} {'pages/wall-min':>15} {'wall s (median)':>16} "
          f"{'CPU ms/page (median)':>21}")
    for kind in kinds:
        rows = figures[kind]
        print(f"{kind:<20} {medians[kind]:>19,.0f} {walls[kind]:>15,.0f} "
              f"{statistics.median(w for _, _, w, _ in rows):>16.1f} "
              f"{statistics.median(c / p * 1000 for p, _, _, c in rows):>21.2f}")
    for ours in (before, "edunotice"):
        for other, goal in (("bare", 0.5), ("naive", 1.2)):
            if ours in medians and other in medians:
                print(f"{ours}/{other}: {medians[ours] / medians[other]:.3f}x (goal >= {goal}x); over wall time "
                      f"(process start to exit, copy linking after the crawl included): "
                      f"{walls[ours] / walls[other]:.3f}x")
    print(f"load average at the end: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
