"""List-discovery benchmark on real saved list pages (tests/realweb/lists/<part>/<site>/).

For every page: discovery runs with a minimal definition (id, name, the page's URL as the
start URL: zero selectors), and is scored against the gold written by reading the page:
notice-link recall (of all gold links, those the list's rows link on other hosts included: a
minimal definition takes them, ``off_host_notices: take``; of those on the page's own host;
and of all gold links again with a definition that allows every host the gold links are on) and precision (micro, over all links), next-page accuracy, and the self-checks:
of the gold links discovery missed, how many the page reports (a ``list_incomplete`` row
naming the URL, or ``needs_config: ajax_pagination``) and how many go silent; gold
``unlinked`` rows (notices whose saved link is a script stub) must be reported by title as
script links, or they are silent too; rows reported that are neither are false alarms; a
wrong next page with no ``pager_unread`` said is a silent next-page miss (so is a script pager,
gold ``ajax``, that discovery takes for no pager at all). A miss on a page whose links came from
the last-resort guess is counted apart (``in guess``): the crawl says the page was guessed (a
``list_guessed`` row) without naming the rows it missed. ``dates``: of the gold links taken
whose row shows a date, the share taken with that date (a list date is the notice's date when
its page shows none, and what an incremental walk stops by).

Usage: ``python -m bench.discovery [--part tune|check] [--verbose]`` (``make bench-discovery``).
Prints figures; asserts nothing (tests/crawler/test_discovery_realweb.py asserts the tune pages).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

from crawler.discovery import ListPage, parse_list_page
from crawler.extract.decode import decode_html
from crawler.portal import portal_from_dict

LISTS = Path(__file__).resolve().parent.parent / "tests" / "realweb" / "lists"


@dataclass
class PageScore:
    name: str  # part/site/page
    gold: int
    found: int
    hits: int
    in_scope: int  # gold links on the page's own host (a minimal definition allows only that)
    in_scope_hits: int
    hosts_allowed_hits: int  # gold links taken when the definition allows every gold host
    next_ok: bool
    kind_ok: bool
    missed: list[str] = field(default_factory=list)  # gold links discovery did not take
    unlinked: int = 0  # gold notice rows with no followable link (reported by title, or silent)
    reported: list[str] = field(default_factory=list)  # of those, the ones the self-check names
    silent: list[str] = field(default_factory=list)  # the ones nothing reports
    in_guess: list[str] = field(default_factory=list)  # missed on a page whose links discovery says it guessed
    guessed: bool = False  # discovery said its links were a guess (a list_guessed problem row)
    false_alarms: list[str] = field(default_factory=list)  # rows reported that are not gold notices
    wrong: list[str] = field(default_factory=list)  # links taken that are not gold notices
    strategy: str = ""
    pager_unread: str | None = None  # the pager the page shows but discovery says it could not follow
    predicted_next: str | None = None
    gold_next: str | None = None
    dated: int = 0  # gold links taken whose gold row shows a date
    wrong_dates: list[str] = field(default_factory=list)  # of those, taken with another date: "url got want"


def list_pages(part: str | None = None) -> list[Path]:
    """Gold files of the list corpus, sorted; ``part`` limits to tune or check."""
    parts = [part] if part else ["tune", "check"]
    return sorted(p for name in parts for p in (LISTS / name).glob("*/*.json"))


def run(gold_file: Path, gold_hosts: bool = False, off_host: str = "take") -> tuple[dict, ListPage]:
    """Discovery on one saved page with a minimal definition (no selectors): allowing the
    page's host, or with ``gold_hosts`` every host its gold links are on too; ``off_host``
    is the definition's ``off_host_notices`` (take: the default; report)."""
    doc = json.loads(gold_file.read_text(encoding="utf-8"))
    url = doc["provenance"]["url"]
    html, _ = decode_html(gold_file.with_suffix(".html").read_bytes(), None)
    hosts = {urlsplit(url).hostname} | ({urlsplit(g["url"]).hostname for g in doc["gold"]["links"]}
                                        if gold_hosts else set())
    portal = portal_from_dict({"id": "realweb", "name": "realweb", "start_urls": [url], "off_host_notices": off_host,
                               "allowed_domains": sorted(hosts)}, str(gold_file))
    return doc, parse_list_page(html, url, portal)


def off_host_gold(gold_file: Path) -> set[str]:
    """Gold notice links of a page that are on another host than the page's."""
    doc = json.loads(gold_file.read_text(encoding="utf-8"))
    host = urlsplit(doc["provenance"]["url"]).hostname
    return {g["url"] for g in doc["gold"]["links"] if urlsplit(g["url"]).hostname != host}


def score(gold_file: Path) -> PageScore:
    doc, page = run(gold_file)
    gold = doc["gold"]
    # URLs compared as the requests Scrapy sends for them (search[menu] and search%5Bmenu%5D alike)
    want = [safe_url_string(link["url"]) for link in gold["links"]]
    got = [safe_url_string(n.url) for n in page.notices]
    hits = len(set(want) & set(got))
    predicted_next = safe_url_string(page.pages[0][0]) if page.pages else None
    gold_next = safe_url_string(gold["next_page"]) if gold["next_page"] else None
    missed = [u for u in want if u not in set(got)]
    ajax_flag = page.needs_config == "ajax_pagination"
    unlinked = {" ".join(r["title"].split()) for r in gold.get("unlinked", [])}
    # a script-link row names a gold row when its title is that title, or starts with it (a card's
    # title read with its summary still names the notice)
    said = [" ".join(m.title.split()) for m in page.missed if m.reason == "script_link"]
    by_title = {t for t in unlinked if any(s == t or s.startswith(t + " ") for s in said)}
    flagged = {safe_url_string(m.url) for m in page.missed
               if not (m.reason == "script_link" and any(" ".join(m.title.split()).startswith(t) for t in by_title))}
    reported = [u for u in missed if u in flagged or ajax_flag]
    unsaid = [u for u in missed if u not in reported] + sorted(unlinked - by_title)
    name = "/".join(gold_file.with_suffix("").parts[-3:])
    host = urlsplit(doc["provenance"]["url"]).hostname
    own = {u for u in want if urlsplit(u).hostname == host}
    _, widened = run(gold_file, gold_hosts=True)
    taken = {safe_url_string(n.url): n.published for n in page.notices}
    dated = [(safe_url_string(link["url"]), link["date"]) for link in gold["links"]
             if link.get("date") and safe_url_string(link["url"]) in taken]
    return PageScore(
        name=name, gold=len(set(want)), found=len(set(got)), hits=hits,
        in_scope=len(own), in_scope_hits=len(own & set(got)),
        hosts_allowed_hits=len(set(want) & {safe_url_string(n.url) for n in widened.notices}),
        # A script pager (gold 'ajax': no next-page URL) is found only when discovery says so: a
        # page taken for the last one would stop the walk with nothing said.
        next_ok=predicted_next == gold_next and (gold["pagination"] != "ajax" or page.pagination == "ajax"
                                                         or bool(page.pager_unread)),
        kind_ok=page.pagination == gold["pagination"] or (gold["pagination"] == "none" and not page.pages),
        missed=missed, unlinked=len(unlinked), reported=reported + sorted(by_title),
        silent=[] if page.guessed else unsaid,
        in_guess=unsaid if page.guessed else [], guessed=bool(page.guessed),
        false_alarms=sorted(flagged - set(want)) + (["ajax_pagination"] if ajax_flag and gold["pagination"] != "ajax"
                                                     else []),
        wrong=[u for u in got if u not in set(want)], strategy=page.strategy, pager_unread=page.pager_unread,
        predicted_next=predicted_next, gold_next=gold["next_page"],
        dated=len(dated), wrong_dates=[f"{u} got {taken[u]} want {want_date}" for u, want_date in dated
                                       if (taken[u] or "")[:10] != want_date],
    )


def summary(scores: list[PageScore]) -> dict:
    gold = sum(s.gold for s in scores)
    found = sum(s.found for s in scores)
    hits = sum(s.hits for s in scores)
    return {
        "pages": len(scores), "sites": len({s.name.split("/")[1] for s in scores}),
        "recall": hits / gold if gold else 1.0, "precision": hits / found if found else 1.0,
        "recall_own_host": (sum(s.in_scope_hits for s in scores) / own) if (own := sum(s.in_scope for s in scores))
        else 1.0,
        "recall_hosts_allowed": sum(s.hosts_allowed_hits for s in scores) / gold if gold else 1.0,
        "next_page": sum(s.next_ok for s in scores) / len(scores) if scores else 1.0,
        "next_silent": sum(not s.next_ok and not s.pager_unread for s in scores),
        "pagination_kind": sum(s.kind_ok for s in scores) / len(scores) if scores else 1.0,
        "missed": sum(len(s.missed) + s.unlinked for s in scores),
        "reported": sum(len(s.reported) for s in scores),
        "silent": sum(len(s.silent) for s in scores), "false_alarms": sum(len(s.false_alarms) for s in scores),
        "guessed": sum(s.guessed for s in scores), "in_guess": sum(len(s.in_guess) for s in scores),
        "dates": (1 - sum(len(s.wrong_dates) for s in scores) / dated) if (dated := sum(s.dated for s in scores))
        else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["tune", "check"])
    parser.add_argument("--verbose", "-v", action="store_true", help="one line per page, and what went wrong")
    args = parser.parse_args(argv)
    print(f"{'part':<6} {'pages':>5} {'sites':>5} {'recall':>7} {'own-h.':>7} {'w/hosts':>7} {'precis.':>7} "
          f"{'next':>6} {'kind':>6} "
          f"{'missed':>6} {'reported':>8} {'silent':>6} {'guessed':>7} {'in guess':>8} {'false al.':>9} "
          f"{'next silent':>11} {'dates':>6}")
    for part in ([args.part] if args.part else ["tune", "check"]):
        scores = [score(p) for p in list_pages(part)]
        s = summary(scores)
        print(f"{part:<6} {s['pages']:>5} {s['sites']:>5} {s['recall']:>7.3f} {s['recall_own_host']:>7.3f} "
              f"{s['recall_hosts_allowed']:>7.3f} {s['precision']:>7.3f} "
              f"{s['next_page']:>6.2f} {s['pagination_kind']:>6.2f} {s['missed']:>6} {s['reported']:>8} "
              f"{s['silent']:>6} {s['guessed']:>7} {s['in_guess']:>8} {s['false_alarms']:>9} {s['next_silent']:>11} "
              f"{s['dates']:>6.3f}")
        if args.verbose:
            for p in scores:
                print(f"  {p.name:<48} {p.hits:>3}/{p.gold:<3} found {p.found:<3} {p.strategy:<9} "
                      f"next {'ok' if p.next_ok else 'WRONG'}")
                if not p.next_ok:
                    print(f"      next: got {p.predicted_next}  want {p.gold_next}"
                          f"{'  (said: ' + p.pager_unread + ')' if p.pager_unread else '  SILENT'}")
                for u in p.silent[:3]:
                    print(f"      silent miss: {u}")
                for u in p.in_guess[:3]:
                    print(f"      missed, links said to be guessed: {u}")
                for u in p.wrong[:3]:
                    print(f"      not a notice: {u}")
                for u in p.false_alarms[:3]:
                    print(f"      false alarm: {u}")
                for u in p.wrong_dates[:3]:
                    print(f"      row date: {u}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
