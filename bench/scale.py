"""A simulated national night: thousands of generated portals crawled by ``--workers``.

``make bench-scale`` (or ``python -m bench.scale [--portals N] [--workers W]``) generates N
local portals (default 3,000) of varied sizes (TRS-style pages, ``crawler.localportals``),
served on loopback by a few server processes (``--servers``, asyncio, one listening port
per host; about a fifth of the hosts serve two or three portals, so per-host politeness
across workers is exercised). A few portals are broken on purpose: dead (connection
refused), every page answering 500, or garbage bytes served as HTML.

Night 1 (the seed night) crawls every portal with ``edunotice crawl --all --workers W``
into a throw-away PostgreSQL database (``bench.pgtemp``) and the local Redis (a unique key
prefix and night name). Then 0-5 new notices are published on each healthy portal and
night 2 crawls incrementally, under the portals' politeness (``--delay`` seconds between
requests, the project default 1 s; the seed night uses ``--seed-delay``, default 0).

It prints, for each night: wall time, load average, the requests the servers logged
(per unchanged portal for night 2; goal < 10), max RSS of a worker and of a per-portal
crawl process (goal < 400 MB) and max open descriptors (sampled from /proc every 0.5 s,
so a process living under 0.5 s may be missed), portal statuses against what each portal
was built to be, and notices archived against expected (every new notice must be archived:
the ones missing are named). Then the night-2 wall time extrapolated to 3,000 portals
(linear in the portal count at the same worker count). Exits 1 when a portal is reported
wrong or a notice is missing. Not a test: figures, no timed assertion.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import multiprocessing
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from crawler.localportals import pages
from crawler.localportals.build import ROBOTS, _paginate
from crawler.localportals.large import LIST_PATH, list_pages, portal_definition
from crawler.localportals.notices import Notice, generated_notices

REDIS_URL = os.environ.get("EDUNOTICE_TEST_REDIS", "redis://127.0.0.1:6379/0")
PER_PAGE = 20
BROKEN_KINDS = ("dead", "error", "garbage")
RSS_GOAL_MB = 400
REQUESTS_GOAL = 10
HOUR_GOAL = 3600
TARGET_PORTALS = 3000


@dataclass
class PortalSpec:
    pid: str
    index: int
    size: int  # notices on night 1
    recent: int  # of them dated in the last 30 days (re-checked every night)
    kind: str = "ok"  # ok | dead | error | garbage
    new: int = 0  # notices published before night 2
    host: int = 0
    prefix: str = ""

    @property
    def agency(self) -> str:
        return f"第{self.index}号市教育局"


@dataclass
class Site:
    """One portal's pages as the server answers them on the current night."""
    spec: PortalSpec
    now: datetime
    routes: dict[str, Notice] = field(default_factory=dict)
    lists: list[list[tuple[Notice, str]]] = field(default_factory=list)

    def publish(self, new: int) -> None:
        base = generated_notices(self.spec.agency, f"b{self.spec.index}", self.spec.size, seed=self.spec.index)
        for i, notice in enumerate(base[:self.spec.recent]):
            notice.published = (self.now - timedelta(days=3 + 7 * i)).replace(hour=9, minute=30, second=0,
                                                                                microsecond=0)
        fresh = generated_notices(self.spec.agency, f"n{self.spec.index}", new, seed=self.spec.index + 500_000)
        for j, notice in enumerate(fresh):
            notice.published = (self.now - timedelta(hours=1 + j)).replace(second=0, microsecond=0)
        numbered = [(5_800_000 + len(fresh) - j, n) for j, n in enumerate(fresh)]
        numbered += [(5_600_000 + self.spec.size - i, n) for i, n in enumerate(base)]
        self.routes, linked = {}, []
        for serial, notice in numbered:
            path = f"/jyj/tzgg/{notice.published:%Y%m}/t{notice.published:%Y%m%d}_{serial}.html"
            self.routes[path] = notice
            linked.append((notice, "./" + path.removeprefix("/jyj/tzgg/")))
        self.lists = _paginate(linked, PER_PAGE)

    def notice_paths(self) -> set[str]:
        return {self.spec.prefix + p for p in self.routes}

    def page(self, path: str) -> tuple[int, bytes]:
        kind = self.spec.kind
        if kind == "error":
            return 500, b"<html><body><h1>500 Internal Server Error</h1></body></html>"
        if kind == "garbage":
            return 200, random.Random(path).randbytes(3000)
        if path == "/jyj/js/page.js":
            return 200, pages.PAGE_JS.encode()
        if path.startswith("/jyj/tzgg/index"):
            name = path.removeprefix("/jyj/tzgg/")
            number = 0 if name == "index.html" else int(name.removeprefix("index_").removesuffix(".html") or -1)
            if 0 <= number < len(self.lists):
                return 200, pages.trs_list(self.lists[number], number, len(self.lists)).encode()
        elif path in self.routes:
            return 200, pages.trs_notice(self.routes[path]).encode("utf-8", errors="xmlcharrefreplace")
        return 404, b"<html><body><h1>404 Not Found</h1></body></html>"


# --- the servers ---------------------------------------------------------------------------------

class Hosts:
    """Every host one server process serves: port -> {path prefix -> Site}; a request log."""

    def __init__(self, hosts: dict[int, list[PortalSpec]], now: datetime):
        self.hosts = hosts
        self.sites = {s.pid: Site(s, now) for specs in hosts.values() for s in specs}
        self.night = 1
        self.hits: list[tuple] = []  # (night, host, portal id or "", path, status, time.time())
        for site in self.sites.values():
            site.publish(0)

    def next_night(self, new: dict[str, int]) -> None:
        self.night += 1
        for pid, count in new.items():
            if pid in self.sites:
                self.sites[pid].publish(count)

    def answer(self, host: int, target: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        path = urlsplit(target).path
        site = None
        if path == "/robots.txt":
            status, body = 200, ROBOTS.encode()
        else:
            prefix = "/" + path.split("/", 2)[1] if path.count("/") >= 2 else ""
            site = next((self.sites[s.pid] for s in self.hosts[host] if s.prefix == prefix), None)
            status, body = site.page(path.removeprefix(prefix)) if site else (404, b"not found")
        self.hits.append((self.night, host, site.spec.pid if site else "", path, status, time.time()))
        kind = "application/javascript" if path.endswith(".js") else "text/plain" if path.endswith(".txt") \
            else "text/html; charset=utf-8"
        extra = {"Content-Type": kind}
        if status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            extra["ETag"] = etag
            if etag in [t.strip() for t in headers.get("if-none-match", "").split(",")]:
                return 304, b"", extra
        return status, body, extra


async def _handle(hosts: Hosts, host: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            line = await reader.readline()
            if not line.strip():
                break
            method, target, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while (raw := await reader.readline()) not in (b"\r\n", b"\n", b""):
                key, _, value = raw.decode("latin-1").partition(":")
                headers[key.strip().lower()] = value.strip()
            status, body, extra = hosts.answer(host, target, headers)
            head = [f"HTTP/1.1 {status} {'OK' if status < 400 else 'Error'}", "Server: edunotice-scale-bench",
                    *(f"{k}: {v}" for k, v in extra.items())]
            if status != 304:
                head.append(f"Content-Length: {len(body)}")
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + (b"" if method == "HEAD" else body))
            await writer.drain()
            if headers.get("connection", "").lower() == "close":
                break
    except (ConnectionError, ValueError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


def _server_main(specs: list[PortalSpec], now: datetime, conn) -> None:
    """One server process: a listening socket per host; commands over ``conn``."""
    by_host: dict[int, list[PortalSpec]] = defaultdict(list)
    for spec in specs:
        by_host[spec.host].append(spec)
    hosts = Hosts(dict(by_host), now)
    loop = asyncio.new_event_loop()
    ports = {}
    for host in by_host:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        ports[host] = sock.getsockname()[1]
        loop.run_until_complete(asyncio.start_server(
            lambda r, w, h=host: _handle(hosts, h, r, w), sock=sock, backlog=64))
    conn.send(ports)

    def commands() -> None:
        while True:
            cmd, arg = conn.recv()
            if cmd == "night":
                asyncio.run_coroutine_threadsafe(_call(hosts.next_night, arg), loop).result()
                conn.send("ok")
            elif cmd == "report":
                report = asyncio.run_coroutine_threadsafe(_call(_report, hosts), loop).result()
                conn.send(report)
            else:
                loop.call_soon_threadsafe(loop.stop)
                return

    threading.Thread(target=commands, daemon=True).start()
    loop.run_forever()


async def _call(function, arg):
    return function(arg)


def _report(hosts: Hosts) -> dict:
    return {"hits": hosts.hits, "fds": len(os.listdir("/proc/self/fd")), "rss_mb": _status_mb(os.getpid(), "VmHWM")}


class Servers:
    def __init__(self, specs: list[PortalSpec], processes: int, now: datetime):
        hosts = sorted({s.host for s in specs if s.kind != "dead"})
        share = {h: i % processes for i, h in enumerate(hosts)}
        context = multiprocessing.get_context("fork")
        self.procs, self.conns, self.ports = [], [], {}
        for n in range(processes):
            mine, theirs = context.Pipe()
            proc = context.Process(target=_server_main, name=f"scale-server-{n}", daemon=True,
                                   args=([s for s in specs if s.kind != "dead" and share[s.host] == n], now, theirs))
            proc.start()
            self.procs.append(proc)
            self.conns.append(mine)
        for conn in self.conns:
            self.ports.update(conn.recv())
        for spec in specs:
            if spec.kind == "dead":  # a port nothing listens on: connection refused
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", 0))
                    self.ports[spec.host] = sock.getsockname()[1]

    def next_night(self, new: dict[str, int]) -> None:
        for conn in self.conns:
            conn.send(("night", new))
        for conn in self.conns:
            conn.recv()

    def report(self) -> tuple[list, int, float]:
        """(every hit, max descriptors of a server process, max RSS MB of one)."""
        hits, fds, rss = [], 0, 0.0
        for conn in self.conns:
            conn.send(("report", None))
        for conn in self.conns:
            part = conn.recv()
            hits += part["hits"]
            fds, rss = max(fds, part["fds"]), max(rss, part["rss_mb"])
        return hits, fds, rss

    def stop(self) -> None:
        for conn in self.conns:
            try:
                conn.send(("stop", None))
            except OSError:
                pass
        for proc in self.procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()


# --- watching the crawl --------------------------------------------------------------------------

def _status_mb(pid: int, key: str) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _ours(pid: int) -> bool:
    """A process of the crawl command (every one is a fork of it, same command line): a pid
    reused by another program while /proc is scanned is not counted."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"crawler\0crawl" in f.read()
    except OSError:
        return False


class Monitor(threading.Thread):
    """Samples the crawl's process tree: depth 0 the command, 1 the workers, 2 a portal's crawl."""

    def __init__(self, root: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.stopped = threading.Event()
        self.rss = Counter()  # depth -> max VmHWM MB
        self.fds = Counter()  # depth -> max descriptors of one process
        self.tree_fds = 0  # max descriptors of the whole tree at one sample
        self.seen: dict[int, set[int]] = defaultdict(set)
        self.load = 0.0

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        children = defaultdict(list)
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat") as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                children[ppid].append(int(entry.name))
        total, level = 0, [self.root]
        for depth in range(4):
            for pid in level:
                self.seen[depth].add(pid)
                self.rss[depth] = max(self.rss[depth], _status_mb(pid, "VmHWM"))
                try:
                    count = len(os.listdir(f"/proc/{pid}/fd"))
                except OSError:
                    count = 0
                self.fds[depth] = max(self.fds[depth], count)
                total += count
            level = [c for pid in level for c in children.get(pid, []) if _ours(c)]
        self.tree_fds = max(self.tree_fds, total)
        self.load = max(self.load, os.getloadavg()[0])


# --- the bench -----------------------------------------------------------------------------------

def make_specs(count: int, broken: int, rng: random.Random, median: float = 18) -> list[PortalSpec]:
    specs = []
    for i in range(count):
        size = max(1, min(400, int(rng.lognormvariate(math.log(median), 0.8))))
        specs.append(PortalSpec(f"s{i:04d}_edu", i, size, recent=rng.choice((0, 0, 1, 1, 2, 3))))
    for n, spec in enumerate(rng.sample(specs, broken)):
        spec.kind = BROKEN_KINDS[n % len(BROKEN_KINDS)]
    host, i = 0, 0
    while i < count:  # about a fifth of hosts serve 2 or 3 portals (one politeness key)
        group = specs[i:i + rng.choices((1, 2, 3), weights=(80, 15, 5))[0]]
        if any(s.kind == "dead" for s in group):  # a dead host is a portal of its own
            group = group[:1]
        for spec in group:
            spec.host, spec.prefix = host, f"/p{spec.index}"
        host, i = host + 1, i + len(group)
    for spec in specs:
        if spec.kind == "ok":
            spec.new = rng.choice((0, 0, 0, 1, 2, 3, 4, 5))
    return specs


def write_portals(specs: list[PortalSpec], ports: dict[int, int], directory: Path, delay: float) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        base = f"http://127.0.0.1:{ports[spec.host]}"
        count = spec.size + spec.new
        definition = portal_definition(spec.pid, base, count=count, per_page=PER_PAGE, download_delay=delay)
        definition["start_urls"] = [base + spec.prefix + LIST_PATH]
        definition["limits"]["max_list_pages"] = list_pages(count, PER_PAGE) + 1
        (directory / f"{spec.pid}.yaml").write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")


@dataclass
class Night:
    number: int
    epoch: float
    seconds: float
    load_start: tuple[float, float, float]
    load_end: tuple[float, float, float]
    monitor: Monitor
    summaries: dict[str, dict]
    exit_code: int
    stderr_tail: str
    cpu: float  # user + system seconds of the crawl command and its processes


def crawl_night(number: int, root: Path, db_url: str, workers: int, prefix: str, tag: str,
                expected: int) -> Night:
    env = {**os.environ, "EDUNOTICE_PORTALS_DIR": str(root / "portals"), "EDUNOTICE_DATA_DIR": str(root / "data"),
           "EDUNOTICE_REDIS_URL": REDIS_URL, "EDUNOTICE_REDIS_PREFIX": prefix}
    out, err = root / f"night{number}.json", root / f"night{number}.log"
    load_start, epoch = os.getloadavg(), time.time()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", "--all", "--workers", str(workers),
                                 "--night", f"{tag}-night{number}", "--db", db_url, "--json", "--quiet"],
                                stdout=stdout, stderr=stderr, env=env)
        monitor = Monitor(proc.pid)
        monitor.start()
        client = _redis()
        key = f"{prefix}:{tag}-night{number}:results"
        while proc.poll() is None:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                print(f"  night {number}: {client.hlen(key)}/{expected} portals after "
                      f"{time.monotonic() - started:.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)
        client.close()
        monitor.stopped.set()
        monitor.join()
    seconds = time.monotonic() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and every process it waited for
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    try:
        summaries = {s["portal_id"]: s for s in json.loads(out.read_text() or "[]")}
    except json.JSONDecodeError:
        summaries = {}
    return Night(number, epoch, seconds, load_start, os.getloadavg(), monitor, summaries, proc.returncode,
                 err.read_text()[-3000:], cpu)


def _redis():
    import redis

    return redis.Redis.from_url(REDIS_URL)


def archived(db_url: str, since: float) -> tuple[dict[str, set[str]], int, int, dict[str, tuple[float, float]]]:
    """(portal -> archived notice URLs, versions, documents with a version, portal -> its run's
    (start, end) epoch seconds for runs started after ``since``)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        urls = defaultdict(set)
        for portal, url in conn.execute(text("SELECT portal_id, url FROM documents")):
            urls[portal].add(url)
        versions, documents = conn.execute(text("SELECT count(*), count(DISTINCT document_id) FROM versions")).one()
        runs = {portal: (start.replace(tzinfo=UTC).timestamp(), end.replace(tzinfo=UTC).timestamp())
                for portal, start, end in conn.execute(
                    text("SELECT portal_id, started_at, finished_at FROM crawl_runs "
                         "WHERE started_at >= :t AND finished_at IS NOT NULL"),
                    {"t": datetime.fromtimestamp(since, UTC).replace(tzinfo=None)})}
    engine.dispose()
    return urls, versions, documents, runs


def check_night(night: Night, specs: list[PortalSpec], hits: list, ports: dict[int, int],
                db_url: str) -> tuple[list[str], dict]:
    """Problems (portal statuses, missing notices) and the figures of one night."""
    problems, figures = [], {}
    wrong = []
    for spec in specs:
        status = night.summaries.get(spec.pid, {}).get("status", "(no summary)")
        if (spec.kind == "ok") != (status == "ok"):
            wrong.append(f"{spec.pid} ({spec.kind}) reported {status}")
    figures["reported"] = (len(specs) - len(wrong), len(specs))
    problems += [f"night {night.number}: portal reported wrong: {w}" for w in wrong[:20]]
    urls, versions, documents, runs = archived(db_url, night.epoch)
    missing, extra, expected_total = [], 0, 0
    for spec in specs:
        if spec.kind != "ok":
            extra += len(urls.get(spec.pid, ()))
            continue
        site = Site(spec, NOW)
        site.publish(spec.new if night.number > 1 else 0)
        base = f"http://127.0.0.1:{ports[spec.host]}"
        want = {base + p for p in site.notice_paths()}
        expected_total += len(want)
        missing += sorted(want - urls.get(spec.pid, set()))
        extra += len(urls.get(spec.pid, set()) - want)
    figures["archived"] = (sum(len(u) for u in urls.values()), expected_total)
    figures["versions"] = (versions, documents)
    problems += [f"night {night.number}: notice not archived: {url}" for url in missing[:20]]
    if len(missing) > 20:
        problems.append(f"night {night.number}: ... {len(missing)} notices not archived in all")
    if extra:
        problems.append(f"night {night.number}: {extra} archived documents that are not notices of a healthy portal")
    if versions != documents:
        problems.append(f"night {night.number}: {versions} versions for {documents} documents (nothing changed)")
    figures["missing"] = len(missing)
    tonight = [h for h in hits if h[0] == night.number]
    per_portal = Counter(h[2] for h in tonight if h[2])
    on_host = defaultdict(list)
    for spec in specs:
        on_host[spec.host].append(spec.pid)
    for _, host, pid, *_ in tonight:  # robots.txt is the host's: shared by its portals
        if not pid:
            for other in on_host[host]:
                per_portal[other] += 1 / len(on_host[host])
    figures["requests"] = len(tonight)
    unchanged = [per_portal[s.pid] for s in specs if s.kind == "ok" and s.new == 0]
    changed = [per_portal[s.pid] - s.new for s in specs if s.kind == "ok" and s.new]
    figures["unchanged"] = unchanged
    served = [s for s in specs if s.kind != "dead"]  # a dead portal's attempts reach no server
    figures["counted"] = (sum(night.summaries.get(s.pid, {}).get("requests", 0) for s in served),
                          sum(h[4] != 0 for h in tonight))
    figures["changed_extra"] = changed
    fetched_twice = Counter((pid, path) for _, _, pid, path, status, _ in tonight if pid and status == 200
                            and "/t20" in path)
    figures["notice_refetch"] = sum(1 for n in fetched_twice.values() if n > 1)
    first, last = {}, {}
    for *_, pid, _, _, at in tonight:
        first[pid], last[pid] = min(first.get(pid, at), at), max(last.get(pid, at), at)
    overlaps = 0  # portals of one host crawled at the same time (per-host politeness broken)
    for pids in on_host.values():
        spans = sorted(runs[p] for p in pids if p in runs)
        overlaps += sum(1 for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1])
    figures["overlaps"] = (overlaps, sum(1 for pids in on_host.values() if len(pids) > 1))
    if overlaps:
        problems.append(f"night {night.number}: {overlaps} runs overlapped another portal's run on the same host")
    timed = [p for p in runs if p in first]
    figures["runs"] = (
        sum(end - start for start, end in runs.values()) / max(len(runs), 1),
        sum(first[p] - runs[p][0] for p in timed) / max(len(timed), 1),
        sum(runs[p][1] - last[p] for p in timed) / max(len(timed), 1),
        sum(end - start for start, end in runs.values()) / night.seconds,
    )
    return problems, figures


NOW = datetime.now().replace(microsecond=0)


def _stats(values: list[int]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return (f"mean {sum(values) / len(values):.1f}, median {ordered[len(ordered) // 2]:.1f}, "
            f"max {ordered[-1]:.1f}, at or over {REQUESTS_GOAL}: {sum(v >= REQUESTS_GOAL for v in values)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portals", type=int, default=TARGET_PORTALS, help="portals to generate (default 3000)")
    parser.add_argument("--workers", type=int, default=3, help="edunotice crawl --workers (default 3)")
    parser.add_argument("--night2-workers", type=int, default=None,
                        help="--workers of night 2 (default: --workers); a night bound by politeness delays "
                             "leaves workers idle, so more of them than cores can pay")
    parser.add_argument("--servers", type=int, default=2, help="server processes on loopback (default 2)")
    parser.add_argument("--broken", type=int, default=None, help="broken portals (default 1%%, at least 3)")
    parser.add_argument("--delay", type=float, default=1.0, help="download_delay of night 2 (default 1 s)")
    parser.add_argument("--seed-delay", type=float, default=0.0, help="download_delay of night 1 (default 0)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the portal sizes and faults")
    parser.add_argument("--size-median", type=float, default=18,
                        help="median notices per portal on night 1 (default 18, lognormal, 1-400); night 2's "
                             "cost does not depend on it, so a small median makes a 3,000-portal seed night "
                             "affordable on a shared machine")
    args = parser.parse_args()
    if args.portals < 3 or args.workers < 1 or args.servers < 1:
        sys.exit("--portals must be at least 3, --workers and --servers at least 1")
    broken = args.broken if args.broken is not None else max(3, args.portals // 100)
    if args.size_median < 1:
        sys.exit("--size-median must be at least 1")
    specs = make_specs(args.portals, min(broken, args.portals), random.Random(args.seed), args.size_median)
    from bench.pgtemp import fresh_postgres

    tag = uuid.uuid4().hex[:10]
    prefix = f"edunotice-bench-scale-{tag}"
    db_url, drop = fresh_postgres("edunotice_scale")
    servers = None
    problems, nights = [], []
    try:
        with tempfile.TemporaryDirectory(prefix="edunotice-scale-") as tmp:
            root = Path(tmp)
            started = time.monotonic()
            servers = Servers(specs, args.servers, NOW)
            print(f"{len(specs)} portals ({sum(s.size for s in specs):,} notices, "
                  f"{len({s.host for s in specs})} hosts, {Counter(s.kind for s in specs)}) served by "
                  f"{args.servers} processes in {time.monotonic() - started:.1f} s; {args.workers} workers",
                  flush=True)
            for number, delay in ((1, args.seed_delay), (2, args.delay)):
                if number == 2:
                    servers.next_night({s.pid: s.new for s in specs if s.new})
                write_portals(specs, servers.ports, root / "portals", delay)
                workers = (args.night2_workers or args.workers) if number == 2 else args.workers
                night = crawl_night(number, root, db_url, workers, prefix, tag, len(specs))
                hits, server_fds, server_rss = servers.report()
                found, figures = check_night(night, specs, hits, servers.ports, db_url)
                if night.exit_code not in (0, 1):
                    found.insert(0, f"night {number}: crawl exited {night.exit_code}: {night.stderr_tail[-1500:]}")
                problems += found
                nights.append((night, figures, delay, server_fds, server_rss))
                print_night(night, figures, delay, server_fds, server_rss, workers)
    finally:
        if servers:
            servers.stop()
        drop()
        client = _redis()
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
    if nights:
        night, figures, *_ = nights[-1]
        scale = TARGET_PORTALS / len(specs)
        duration = figures["runs"][0]
        cpu = night.cpu / len(specs)
        print(f"\nnight 2 extrapolated to {TARGET_PORTALS} portals (goal < {HOUR_GOAL // 60} min; measured at load "
              f"{night.load_start[0]:.1f}-{night.monitor.load:.1f} on {os.cpu_count()} cores):")
        print(f"  linear in portals at {args.night2_workers or args.workers} workers: {night.seconds * scale / 60:.0f} min")
        print(f"  bound by the portal runs ({duration:.1f} s each) at W workers: {TARGET_PORTALS * duration / 60:.0f}/W "
              f"min, i.e. {math.ceil(TARGET_PORTALS * duration / HOUR_GOAL)} workers for an hour if CPU allows")
        print(f"  bound by CPU ({cpu:.2f} s per portal) with every core free: "
              f"{TARGET_PORTALS * cpu / os.cpu_count() / 60:.0f} min")
    for line in problems:
        print("! " + line)
    if problems:
        sys.exit(1)


def print_night(night: Night, figures: dict, delay: float, server_fds: int, server_rss: float, workers: int) -> None:
    m = night.monitor
    ok, total = figures["reported"]
    have, want = figures["archived"]
    statuses = Counter(s.get("status") for s in night.summaries.values())
    print(f"\nnight {night.number} (download_delay {delay:g} s, {workers} workers): "
          f"{night.seconds:.0f} s wall ({night.seconds / 60:.1f} min), exit {night.exit_code}")
    print(f"  CPU (user+sys) of the crawl: {night.cpu:.0f} s, {night.cpu / len(night.summaries or [1]):.2f} s "
          f"per portal")
    print(f"  load average: start {night.load_start[0]:.2f}, max sampled {m.load:.2f}, "
          f"end {night.load_end[0]:.2f} (1-min; 2 cores)")
    print(f"  statuses: {dict(statuses)}; reported as built (healthy ok, broken not ok): {ok}/{total}")
    print(f"  notices archived {have:,} / expected {want:,}; missing {figures['missing']}; "
          f"versions {figures['versions'][0]:,} for {figures['versions'][1]:,} documents")
    print(f"  requests logged by the servers: {figures['requests']:,} (the crawlers' own count: "
          f"{figures['counted'][0]:,}); notice pages downloaded twice: {figures['notice_refetch']}")
    if night.number > 1:
        print(f"  requests per unchanged portal ({len(figures['unchanged'])}): {_stats(figures['unchanged'])} "
              f"(goal < {REQUESTS_GOAL})")
        print(f"  requests per changed portal beyond its new notices ({len(figures['changed_extra'])}): "
              f"{_stats(figures['changed_extra'])}")
    duration, lead, tail, busy = figures["runs"]
    print(f"  portal runs (crawl_runs): mean {duration:.1f} s each, of which run start to first request "
          f"{lead:.1f} s, last request to run end {tail:.1f} s; runs in progress on average {busy:.2f} "
          f"(of {workers} workers); overlapping runs on a shared host: {figures['overlaps'][0]} "
          f"({figures['overlaps'][1]} hosts serve several portals)")
    print(f"  max RSS: command {m.rss[0]:.0f} MB, worker {m.rss[1]:.0f} MB, portal crawl process {m.rss[2]:.0f} MB"
          f"{f', deeper {m.rss[3]:.0f} MB' if m.rss[3] else ''} (goal < {RSS_GOAL_MB} MB); servers {server_rss:.0f} MB")
    print(f"  max open descriptors: command {m.fds[0]}, worker {m.fds[1]}, portal crawl process {m.fds[2]}, "
          f"whole crawl at once {m.tree_fds}; server process {server_fds}")
    print(f"  crawl processes seen: {len(m.seen[2])} (one per portal; sampled every {m.interval} s)", flush=True)


if __name__ == "__main__":
    main()
