"""Re-extraction speed, and versions a rule change creates on an unchanged portal.

1. Speed: the archive written by release 0.1.0 (tests/archive/fixtures/release_0_1: 78
   versions and their WARC files) is copied, upgraded, and every version is re-derived from
   its WARC record ROUNDS times (each round as a new extractor, so nothing is skipped);
   prints versions/second, dry run and writing.
2. Rule change: the qingyuan_edu sample portal, served without ETag/Last-Modified (every
   re-check is a full fetch), is crawled with today's code, then crawled ``--full`` again by
   a copy of the code whose title rule differs; prints the versions the second crawl made.
   ``--before REF`` runs the same with the code at git REF (e.g. 5812e43, before capture
   identity) for comparison.

Not a test: it prints figures.

    make bench-reextract        # or: .venv/bin/python -m bench.reextract [--rounds N] [--before REF]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import yaml
from sqlalchemy import create_engine, func, select

from archive import db
from archive.models import Version
from archive.store import Archive
from crawler.demo import rebase, sample_portals
from crawler.localportals import build_sites, serve_site
from crawler.localportals.server import SiteHandler
from crawler.reextract import reextract

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "archive" / "fixtures" / "release_0_1"
RULE = "        title=title,\n"
CHANGED_RULE = "        title=(title or '') + '（新规则）',\n"


def speed(rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(FIXTURE, data)
        url = f"sqlite:///{data / 'archive.sqlite'}"
        engine = create_engine(url)
        db.upgrade(engine)
        engine.dispose()
        with Archive(url) as archive:
            dry = reextract(archive, data, dry_run=True, extractor="bench-dry")
            print(f"reextract --dry-run: {dry.rederived} versions in {dry.seconds:.2f} s = "
                  f"{dry.rederived / dry.seconds:.0f} versions/s")
            done = seconds = 0.0
            for n in range(rounds):
                report = reextract(archive, data, extractor=f"bench-{n}")
                done += report.rederived
                seconds += report.seconds
            print(f"reextract (writing derivations): {done:.0f} versions in {seconds:.2f} s = "
                  f"{done / seconds:.0f} versions/s")


class NoValidatorsHandler(SiteHandler):
    def _not_modified(self, etag: str, mtime: int) -> bool:
        return False

    def send_header(self, keyword: str, value: str) -> None:
        if keyword not in ("ETag", "Last-Modified"):
            super().send_header(keyword, value)


def code_at(ref: str | None, dest: Path, changed: bool) -> Path:
    """The packages of the working tree (ref None) or of git ``ref``, with the title rule changed."""
    dest.mkdir(parents=True)
    if ref is None:
        for package in ("crawler", "archive", "schemas"):
            shutil.copytree(ROOT / package, dest / package, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        blob = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "crawler", "archive", "schemas"],
                              capture_output=True, check=True).stdout
        tarfile.open(fileobj=io.BytesIO(blob)).extractall(dest, filter="data")
    if changed:
        rules = dest / "crawler" / "extract" / "__init__.py"
        source = rules.read_text(encoding="utf-8")
        if source.count(RULE) != 1:
            raise SystemExit(f"{rules}: the title rule to change is not there once; update bench/reextract.py")
        rules.write_text(source.replace(RULE, CHANGED_RULE), encoding="utf-8")
    return dest


def rule_change(ref: str | None) -> tuple[int, int]:
    """(versions after night 1, versions the rule-changed night 2 made)."""
    with tempfile.TemporaryDirectory(prefix="edunotice-bench-") as tmp:
        root = Path(tmp)
        site = build_sites(root / "sites")["qingyuan_edu"]
        today, changed = code_at(ref, root / "today", False), code_at(ref, root / "changed", True)
        db_url = f"sqlite:///{root / 'archive.sqlite'}"
        with serve_site(site) as server:
            server.RequestHandlerClass = NoValidatorsHandler
            portal = next(p for p in sample_portals() if p.id == "qingyuan_edu")
            definition = root / "qingyuan_edu.yaml"
            definition.write_text(yaml.safe_dump(rebase(portal, server.base_url).as_dict(), allow_unicode=True),
                                  encoding="utf-8")
            counts = []
            for code in (today, changed):
                env = {**os.environ, "EDUNOTICE_DATA_DIR": str(root / "data"), "PYTHONPATH": str(code)}
                result = subprocess.run([sys.executable, "-m", "crawler", "crawl", "--portal-file", str(definition),
                                         "--full", "--json", "--db", db_url], capture_output=True, text=True,
                                        env=env, cwd=root)
                if result.returncode not in (0, 1):
                    raise SystemExit(result.stderr[-2000:])
                engine = create_engine(db_url)
                with engine.connect() as conn:
                    counts.append(conn.execute(select(func.count()).select_from(Version.__table__)).scalar())
                engine.dispose()
        return counts[0], counts[1] - counts[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", metavar="REF", help="also measure the code at git REF")
    args = parser.parse_args()
    started = time.perf_counter()
    speed(args.rounds)
    for label, ref in (("this tree", None), *([(f"git {args.before}", args.before)] if args.before else [])):
        first, made = rule_change(ref)
        print(json.dumps({"code": label, "versions_after_night_1": first,
                          "versions_made_by_rule_change_on_unchanged_portal": made}, ensure_ascii=False))
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
