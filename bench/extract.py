"""Extraction benchmark: our extractor against trafilatura, readability-lxml and GNE on the
labelled evaluation set in ``tests/extraction/pages`` (``--set eval``, the default) or on the
held-out set in ``bench/holdout/pages`` (``--set holdout``: pages the rules were not tuned on).

Prints one table (body char-F1, title exact match, date match, leaked spam/widget strings,
median ms/page) to stdout; ``--failures`` adds one line per field our extractor gets wrong.
Baselines are given the page decoded with its real encoding; ours gets the raw bytes.

    make bench-extract            # installs the bench extras, then runs this
    make bench-extract-holdout    # the same on the held-out pages
    .venv/bin/python -m bench.extract [--set eval|holdout] [--failures]
"""

from __future__ import annotations

import argparse
import inspect
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.extraction.scoring import (
    PAGES_DIR,
    GoldPage,
    char_f1,
    date_part,
    leaked,
    load_pages,
    problems,
)

# Labelled page sets: the one the extractor was developed on, and one it has never seen.
PAGE_SETS = {"eval": PAGES_DIR, "holdout": Path(__file__).parent / "holdout" / "pages"}


@dataclass
class Output:
    text: str = ""
    title: str | None = None
    date: str | None = None  # ISO date or date-time


@dataclass
class Result:
    name: str
    f1: list[float] = field(default_factory=list)
    title_ok: int = 0
    date_ok: int = 0
    leaks: int = 0
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    unavailable: str | None = None  # why the extractor could not run at all


CN_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
CN_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def iso_date(value: str | None) -> str | None:
    """A baseline's date string (2022-1-12, 2022年1月12日 17:20, …) as an ISO date."""
    if not value:
        return None
    m = CN_DATE.search(str(value))
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


# ------------------------------------------------------------------------ extractors
def ours() -> Callable[[GoldPage], Output]:
    from crawler.extract import extract

    takes_mirror = "mirror" in inspect.signature(extract).parameters

    def run(page: GoldPage) -> Output:
        kwargs = {"mirror": page.is_mirror} if takes_mirror else {}
        rec = extract(page.html, page.gold["url"], **kwargs)
        return Output(rec.text, rec.title, rec.published)

    return run


def trafilatura_runner(precision: bool) -> Callable[[GoldPage], Output]:
    import trafilatura

    def run(page: GoldPage) -> Output:
        html = page.text()
        text = trafilatura.extract(html, include_comments=False, include_tables=True,
                                   favor_precision=precision) or ""
        meta = trafilatura.extract_metadata(html, default_url=page.gold["url"])
        return Output(text, meta.title if meta else None, iso_date(meta.date) if meta else None)

    return run


def readability_runner() -> Callable[[GoldPage], Output]:
    import lxml.html
    from readability import Document

    def run(page: GoldPage) -> Output:
        doc = Document(page.text())
        summary = doc.summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        return Output(text, doc.short_title(), None)

    return run


def gne_runner() -> Callable[[GoldPage], Output]:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(page: GoldPage) -> Output:
        out = extractor.extract(page.text())
        return Output(out.get("content") or "", out.get("title") or None, iso_date(out.get("publish_time")))

    return run


EXTRACTORS: list[tuple[str, Callable[[], Callable[[GoldPage], Output]], bool]] = [
    # (name, factory, compares dates at full precision)
    ("ours (crawler.extract)", ours, True),
    ("trafilatura default", lambda: trafilatura_runner(False), False),
    ("trafilatura favor_precision", lambda: trafilatura_runner(True), False),
    ("readability-lxml", readability_runner, False),
    ("GNE", gne_runner, False),
]


def evaluate(name: str, factory, full_dates: bool, pages: list[GoldPage], failures: list[str] | None) -> Result:
    result = Result(name)
    try:
        run = factory()
    except Exception as exc:  # noqa: BLE001 - a missing or broken baseline is reported, not fatal
        result.unavailable = f"{type(exc).__name__}: {exc}"
        return result
    for page in pages:
        gold = page.gold
        start = time.perf_counter()
        try:
            out = run(page)
        except Exception as exc:  # noqa: BLE001 - count the page as empty output
            result.errors += 1
            out = Output()
            if failures is not None and full_dates:
                failures.append(f"{page.slug}: extractor raised {type(exc).__name__}: {exc}")
        result.ms.append((time.perf_counter() - start) * 1000)
        result.f1.append(char_f1(out.text, gold["body"]))
        result.title_ok += out.title == gold["title"]
        want = gold["published"]
        result.date_ok += (out.date == want) if full_dates else (date_part(out.date) == date_part(want))
        result.leaks += len(leaked(out.text, gold["must_not_contain"]))
    return result


def table(results: list[Result], n_pages: int, n_traps: int) -> str:
    head = ["extractor", "body char-F1 (mean)", "title exact", "date match", "spam/widget leaked", "median ms/page"]
    rows = []
    for r in results:
        if r.unavailable:
            rows.append([r.name, "n/a", "n/a", "n/a", "n/a", f"n/a ({r.unavailable})"])
            continue
        date = f"{r.date_ok / n_pages:.1%}" + ("" if r.name.startswith("ours") else " *")
        if r.name == "readability-lxml":
            date = "n/a (no date)"
        name = r.name + (f" [{r.errors} errors]" if r.errors else "")
        rows.append([name, f"{statistics.fmean(r.f1):.3f}", f"{r.title_ok / n_pages:.1%}", date,
                     f"{r.leaks} / {n_traps}", f"{statistics.median(r.ms):.1f}"])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows]
    out.append("")
    out.append(f"{n_pages} pages, {n_traps} must-not strings in all. Dates: ours must equal the gold "
               "`published` exactly (date-time when the page gives a time, null for mirrors that do not "
               "carry the notice's date).")
    out.append("* baselines give no time (trafilatura's metadata date, GNE's publish_time cut to a date): "
               "compared at date granularity; a baseline that returns a mirror's own date counts as wrong.")
    out.append("Title: exact string match. Leaked: must-not strings (spam, widgets, chrome, sidebar titles) "
               "found in the body text, summed over pages. ms: wall time per page for body + title + date.")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="also list every field our extractor gets wrong")
    parser.add_argument("--only", choices=["ours"], help="run only our extractor")
    parser.add_argument("--set", choices=sorted(PAGE_SETS), default="eval", dest="page_set",
                        help="eval: tests/extraction/pages (default); holdout: bench/holdout/pages")
    args = parser.parse_args(argv)
    pages = load_pages(PAGE_SETS[args.page_set])
    if not pages:
        parser.error(f"no pages in {PAGE_SETS[args.page_set]}")
    n_traps = sum(len(p.gold["must_not_contain"]) for p in pages)
    failures: list[str] | None = [] if args.failures else None
    results = []
    for name, factory, full in EXTRACTORS:
        if args.only and not name.startswith(args.only):
            continue
        results.append(evaluate(name, factory, full, pages, failures))
    print(table(results, len(pages), n_traps))
    if args.failures:
        from crawler.extract import extract

        takes_mirror = "mirror" in inspect.signature(extract).parameters
        lines = list(failures or [])
        for page in pages:
            kwargs = {"mirror": page.is_mirror} if takes_mirror else {}
            try:
                found = problems(extract(page.html, page.gold["url"], **kwargs), page.gold)
            except Exception:  # noqa: BLE001 - already listed above
                continue
            lines += [f"{page.slug}: {p}" for p in found]
        print(f"\nour failures ({len({ln.split(':')[0] for ln in lines})} pages):")
        print("\n".join(lines) if lines else "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
