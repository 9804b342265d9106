"""Scope on the connection: portals that are not allowed private addresses, pointed at a
local server by a name that resolves to loopback and by every numeric spelling of
127.0.0.1, never reach it (not even for robots.txt); each run records why."""

from __future__ import annotations

import socket

import yaml
from sqlalchemy import select

from archive.models import FetchError
from archive.store import Archive
from crawler.localportals.faultsuite import RecordingServer, serve_fault_suite
from crawler.portal import PortalConfigError, load_portal
from tests.faults.nightly import crawl_night


def _loopback_name() -> str:
    """A host name (not 'localhost', which the definition check refuses by name) that
    resolves to 127.0.0.1 here: the machine's own name usually does."""
    for name in (socket.gethostname(), "localhost."):
        try:
            if socket.gethostbyname(name).startswith("127."):
                return name
        except OSError:
            continue
    return "localhost."  # resolves nowhere: the run then records a dns error, still no hit


HOSTS = {
    "by_name": _loopback_name(),
    "decimal": "2130706433",
    "hex": "0x7f000001",
    "octal": "0177.0.0.1",
    "short": "127.1",
    "mapped_v6": "[::ffff:7f00:1]",
}


def test_names_and_numeric_forms_of_loopback_never_reach_the_server(tmp_path):
    with serve_fault_suite() as suite:
        victim: RecordingServer = suite.victim
        definitions, refused_at_load = [], []
        for pid, host in HOSTS.items():
            path = tmp_path / f"{pid}.yaml"
            path.write_text(yaml.safe_dump({"id": pid, "name": pid,
                                            "start_urls": [f"http://{host}:{victim.port}/list/index.html"]}))
            try:
                load_portal(path)
            except PortalConfigError:
                refused_at_load.append(pid)  # the string check already knows this spelling
                continue
            definitions.append(path)
        db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
        summaries = crawl_night(definitions, db_url, tmp_path / "data")
        hits = list(victim.hits)

    assert hits == [], f"requests reached 127.0.0.1:{victim.port}: {hits}"
    assert set(refused_at_load) <= {"mapped_v6"}
    assert all(s["status"] != "ok" for s in summaries)
    with Archive(db_url) as archive, archive.sessions() as s:
        rows = {e.portal_id: (e.kind, e.message) for e in s.scalars(select(FetchError))}
    crawled = [d.stem for d in definitions]
    assert set(rows) == set(crawled)
    for pid in crawled:
        kind, message = rows[pid]
        assert kind == "scope" or (pid == "by_name" and kind == "dns"), (pid, kind, message)
        assert "127.0.0.1" in message or kind == "dns", message
