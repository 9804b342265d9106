"""Extraction benchmark: our extractor against trafilatura (default and favor_precision),
readability-lxml and GNE.

Page sets (``--set``):

- ``realweb`` (the default): real pages saved by others (``tests/realweb/detail``), the
  ``tune`` part (rules answer to it) and the ``check`` part (scored, never tuned on)
  printed apart. Columns: body char-F1 mean and 10th percentile, title exact, date, the
  三 fields (来源, 发布机构, 文号; both ways), leaked ``absent`` lines, median ms/page.
- ``eval``: the project's generated evaluation set (``tests/extraction/pages``);
- ``holdout``: its held-out companion (``bench/holdout/pages``).

Baselines are given the page decoded with its real encoding; ours gets the raw bytes.
``--failures`` adds one line per field our extractor gets wrong.

    make bench-extract            # installs the bench extras, then runs this
    .venv/bin/python -m bench.extract [--set realweb|eval|holdout] [--part tune|check] [--failures]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.extraction.scoring import PAGES_DIR, char_f1, date_part, leaked, load_pages, problems
from tests.realweb.scoring import PARTS, load_detail_pages, score, summarise

# Generated page sets: the one the extractor was developed on, and one it has never seen.
PAGE_SETS = {"eval": PAGES_DIR, "holdout": Path(__file__).parent / "holdout" / "pages"}


@dataclass(frozen=True)
class Page:
    """What every extractor is given: raw bytes (ours), decoded text (baselines), URL."""

    html: bytes
    text: str
    url: str
    mirror: bool = False


@dataclass
class Output:
    text: str = ""
    title: str | None = None
    date: str | None = None  # ISO date or date-time
    fields: dict | None = None  # source / issuer / doc_number; None: the extractor reads none
    flags: list[str] = field(default_factory=list)


CN_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def iso_date(value: str | None) -> str | None:
    """A baseline's date string (2022-1-12, 2022年1月12日 17:20, …) as an ISO date."""
    if not value:
        return None
    m = CN_DATE.search(str(value))
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


# ------------------------------------------------------------------------ extractors
def ours() -> Callable[[Page], Output]:
    from crawler.extract import extract

    def run(page: Page) -> Output:
        rec = extract(page.html, page.url, mirror=page.mirror)
        return Output(rec.text, rec.title, rec.published,
                      {"source": rec.source, "issuer": rec.issuer, "doc_number": rec.doc_number}, rec.flags)

    return run


def trafilatura_runner(precision: bool) -> Callable[[Page], Output]:
    import trafilatura

    def run(page: Page) -> Output:
        text = trafilatura.extract(page.text, include_comments=False, include_tables=True,
                                   favor_precision=precision) or ""
        meta = trafilatura.extract_metadata(page.text, default_url=page.url)
        return Output(text, meta.title if meta else None, iso_date(meta.date) if meta else None)

    return run


def readability_runner() -> Callable[[Page], Output]:
    import lxml.html
    from readability import Document

    def run(page: Page) -> Output:
        doc = Document(page.text)
        summary = doc.summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        return Output(text, doc.short_title(), None)

    return run


def gne_runner() -> Callable[[Page], Output]:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(page: Page) -> Output:
        out = extractor.extract(page.text)
        return Output(out.get("content") or "", out.get("title") or None, iso_date(out.get("publish_time")))

    return run


EXTRACTORS: list[tuple[str, Callable[[], Callable[[Page], Output]]]] = [
    ("ours (crawler.extract)", ours),
    ("trafilatura default", lambda: trafilatura_runner(False)),
    ("trafilatura favor_precision", lambda: trafilatura_runner(True)),
    ("readability-lxml", readability_runner),
    ("GNE", gne_runner),
]


def _load(factory) -> tuple[Callable[[Page], Output] | None, str | None]:
    try:
        return factory(), None
    except Exception as exc:  # noqa: BLE001 - a missing or broken baseline is reported, not fatal
        return None, f"{type(exc).__name__}: {exc}"


def _timed(run: Callable[[Page], Output], page: Page) -> tuple[Output, float, str | None]:
    start = time.perf_counter()
    try:
        out, error = run(page), None
    except Exception as exc:  # noqa: BLE001 - count the page as empty output
        out, error = Output(), f"{type(exc).__name__}: {exc}"
    return out, (time.perf_counter() - start) * 1000, error


Context = tuple[frozenset[str], int, list[str], dict[str, str]]


def _page_context(page: Page) -> Context:
    """(link texts, Chinese characters, lines, 政府网站 meta) of the page, as the confidence judge sees them."""
    from crawler.extract import html
    from crawler.extract.confidence import cjk_count

    tree = html.parse(page.text, page.url)
    html.strip_invisible(tree)
    return html.link_texts(tree), cjk_count(html.body_text(tree)), html.page_lines(tree), html.meta_tags(tree)


def _judged_low(out: Output, context: Context, title: str | None, date: str | None) -> bool:
    """Our confidence rules applied to any extractor's body with ``title`` and ``date`` (no list-page
    title, no attachments; the lines around the body are the whole page's)."""
    from crawler.extract.confidence import Evidence, judge, longest_line

    lines = [" ".join(line.split()) for line in out.text.splitlines() if line.strip()]
    return judge(Evidence(title=title, hint_title=None, published=date, body_lines=lines,
                          link_texts=context[0], page_cjk=context[1], attachments=0, fallback=False,
                          longest_outside=longest_line(context[2], context[0], out.text),
                          site_name=context[3].get("SiteName"), page_lines=context[2],
                          page_dates=[context[3].get("PubDate") or ""])).low


def _markdown(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


# ------------------------------------------------------------------------ real pages
def realweb(parts: list[str], failures: bool) -> int:
    for part in parts:
        pages = load_detail_pages(part)
        print(f"\n## {part}: {len(pages)} pages from {len({p.site for p in pages})} sites")
        if not pages:
            print("(no pages)")
            continue
        inputs = [Page(p.html, p.text(), p.url) for p in pages]
        contexts = [_page_context(given) for given in inputs]
        judged = []  # (wrong, flagged) for every extractor's output: the confidence rules' yardstick
        head = ["extractor", "F1 mean", "F1 p10", "title", "date", "fields", "leaked", "median ms"]
        rows, ours_problems, self_check = [], [], []
        for name, factory in EXTRACTORS:
            run, unavailable = _load(factory)
            if run is None:
                rows.append([name, "n/a", "", "", "", "", "", f"({unavailable})"])
                continue
            scores, errors = [], 0
            for page, given, context in zip(pages, inputs, contexts, strict=True):
                out, ms, error = _timed(run, given)
                errors += error is not None
                s = score(page, text=out.text, title=out.title, published=out.date, fields=out.fields, ms=ms)
                if error:
                    s.problems.insert(0, f"extractor raised {error}")
                scores.append(s)
                if not name.startswith("ours"):
                    # bodies judged with the gold title and date (body evidence only); whole outputs
                    # with their own title and date, for extractors that read a date
                    judged.append((s.f1 < 0.8, _judged_low(out, context, page.gold["title"], page.gold["published"]),
                                   s.wrong if out.date is not None or name != "readability-lxml" else None,
                                   _judged_low(out, context, out.title, out.date)))
                if name.startswith("ours"):
                    ours_problems += [f"{page.id}: {p}" for p in s.problems]
                    self_check.append((page.id, s.wrong, "low_confidence" in out.flags))
            m = summarise(scores)
            rows.append([name + (f" [{errors} errors]" if errors else ""), f"{m.f1_mean:.3f}", f"{m.f1_p10:.3f}",
                         f"{m.title:.1%}", f"{m.date:.1%}" if name != "readability-lxml" else "n/a",
                         f"{m.fields:.1%}",
                         f"{m.leaks} / {sum(len(p.gold.get('absent') or []) for p in pages)}",
                         f"{m.ms_median:.1f}"])
        print(_markdown(head, rows))
        if self_check:
            wrong = [pid for pid, bad, _ in self_check if bad]
            caught = [pid for pid, bad, flagged in self_check if bad and flagged]
            false_alarms = [pid for pid, bad, flagged in self_check if flagged and not bad]
            print(f"\nself-check (ours): {len(wrong)} wrong pages (F1 < 0.8, or wrong title/date), "
                  f"{len(caught)} of them flagged low_confidence; {len(false_alarms)} of "
                  f"{len(self_check) - len(wrong)} right pages flagged by mistake")
            bad = [flagged for wrong, flagged, _, _ in judged if wrong]
            good = [flagged for wrong, flagged, _, _ in judged if not wrong]
            print(f"confidence rules on the four baselines' bodies (with the gold title and date): {sum(bad)} of "
                  f"{len(bad)} wrong bodies (F1 < 0.8) flagged; {sum(good)} of {len(good)} right bodies flagged")
            bad = [flagged for _, _, wrong, flagged in judged if wrong]
            good = [flagged for _, _, wrong, flagged in judged if wrong is False]
            print(f"  with their own title and date (not readability: it reads no date; a date without the gold's "
                  f"time is wrong): {sum(bad)} of {len(bad)} wrong outputs flagged; {sum(good)} of {len(good)} right")
            if failures:
                print("  wrong, not flagged: " + (", ".join(sorted(set(wrong) - set(caught))) or "none"))
                print("  flagged, right: " + (", ".join(false_alarms) or "none"))
        if failures:
            print(f"\nour failures on {part} ({len({ln.split(': ')[0] for ln in ours_problems})} pages):")
            print("\n".join(ours_problems) or "none")
    print("\nTitle: exact after whitespace collapse. Date: the date, and the time when the gold gives "
          "one (baselines give dates only). Fields: 来源, 发布机构 and 文号 all right, a value where the "
          "gold is null counting as wrong (baselines read none: scored as null). Leaked: gold `absent` lines found in the body.")
    return 0


# ------------------------------------------------------------------------ generated sets
@dataclass
class Result:
    name: str
    f1: list[float] = field(default_factory=list)
    title_ok: int = 0
    date_ok: int = 0
    leaks: int = 0
    ms: list[float] = field(default_factory=list)
    errors: int = 0
    unavailable: str | None = None


def generated(page_set: str, failures: bool) -> int:
    from crawler.extract import extract

    pages = load_pages(PAGE_SETS[page_set])
    if not pages:
        print(f"no pages in {PAGE_SETS[page_set]}", file=sys.stderr)
        return 2
    n_traps = sum(len(p.gold["must_not_contain"]) for p in pages)
    inputs = [Page(p.html, p.text(), p.gold["url"], p.is_mirror) for p in pages]
    rows = []
    for name, factory in EXTRACTORS:
        run, unavailable = _load(factory)
        if run is None:
            rows.append([name, "n/a", "n/a", "n/a", "n/a", f"n/a ({unavailable})"])
            continue
        r = Result(name)
        full_dates = name.startswith("ours")
        for page, given in zip(pages, inputs, strict=True):
            out, ms, error = _timed(run, given)
            r.errors += error is not None
            r.ms.append(ms)
            r.f1.append(char_f1(out.text, page.gold["body"]))
            r.title_ok += out.title == page.gold["title"]
            want = page.gold["published"]
            r.date_ok += (out.date == want) if full_dates else (date_part(out.date) == date_part(want))
            r.leaks += len(leaked(out.text, page.gold["must_not_contain"]))
        date = f"{r.date_ok / len(pages):.1%}" if name != "readability-lxml" else "n/a (no date)"
        rows.append([name + (f" [{r.errors} errors]" if r.errors else ""), f"{statistics.fmean(r.f1):.3f}",
                     f"{r.title_ok / len(pages):.1%}", date, f"{r.leaks} / {n_traps}", f"{statistics.median(r.ms):.1f}"])
    print(_markdown(["extractor", "body char-F1 (mean)", "title exact", "date match", "spam/widget leaked",
                     "median ms/page"], rows))
    print(f"\n{len(pages)} pages. Dates: ours must equal the gold exactly (with time); baselines at date "
          "granularity.")
    if failures:
        lines = []
        for page in pages:
            lines += [f"{page.slug}: {p}" for p in problems(extract(page.html, page.gold["url"], mirror=page.is_mirror),
                                                             page.gold)]
        print(f"\nour failures ({len({ln.split(':')[0] for ln in lines})} pages):")
        print("\n".join(lines) or "none")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["realweb", *sorted(PAGE_SETS)], default="realweb", dest="page_set",
                        help="realweb: tests/realweb/detail, tune and check apart (default); eval; holdout")
    parser.add_argument("--part", choices=PARTS, help="realweb: only this part")
    parser.add_argument("--failures", action="store_true", help="also list every field our extractor gets wrong")
    args = parser.parse_args(argv)
    if args.page_set == "realweb":
        return realweb([args.part] if args.part else list(PARTS), args.failures)
    return generated(args.page_set, args.failures)


if __name__ == "__main__":
    sys.exit(main())
