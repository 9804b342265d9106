"""Run one crawl night of a portal in a process of its own (Twisted's reactor cannot restart
in-process), forked from the test worker's warm forkserver (tests/warmcli.py), with settings
short enough for a test: ``crawl_night(definition, db_url, data_dir)``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from tests import warmcli

# A fault is the scenario: timeouts of 1.5 s (the fault server stalls for 3 s), one retry,
# no politeness delay, a 1 MB attachment limit (the suite serves a 3 MB one).
FAST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": 1.5, "RETRY_TIMES": 1, "EDUNOTICE_BACKOFF_MAX_DELAY": 0.2,
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "DNS_TIMEOUT": 2,
    "EDUNOTICE_ATTACHMENT_MAX_BYTES": 1024 * 1024, "EDUNOTICE_FULL": True,
}

_DRIVER = """
import json, sys
from dataclasses import asdict
from crawler.portal import load_portal
from crawler.run import run_crawl
summaries = run_crawl([load_portal(p) for p in json.loads(sys.argv[1])], sys.argv[2], json.loads(sys.argv[3]))
status = open("/proc/self/status").read()
print("VmHWM_kB", status.split("VmHWM:")[1].split()[0] if "VmHWM:" in status else -1)
print(json.dumps([asdict(s) for s in summaries], default=str))
"""


def crawl_night(definitions: list[Path], db_url: str, data_dir: Path, overrides: dict | None = None,
                timeout: float = 120, memory: dict | None = None) -> list[dict]:
    """Crawl the portal definitions once; the run summaries as dicts. With ``memory``, its
    ``peak_rss_kb`` gets the crawl process's peak resident set size (VmHWM)."""
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(data_dir), "EDUNOTICE_LOG_LEVEL": os.environ.get("FAULT_LOG_LEVEL", "WARNING")}
    settings = {**FAST_SETTINGS, **(overrides or {})}
    result = warmcli.run(["-c", _DRIVER, json.dumps([str(d) for d in definitions]), db_url, json.dumps(settings)],
                         env=env, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    if os.environ.get("FAULT_LOG_LEVEL"):
        sys.stderr.write(result.stderr)
    lines = result.stdout.strip().splitlines()
    if memory is not None:
        memory["peak_rss_kb"] = int(lines[-2].split()[1])
    return json.loads(lines[-1])
