"""Index-vs-scan agreement: the queries (every 2-character word of every archived title, single
characters, longer substrings of the texts, several words, phrases with punctuation,
traditional-script forms, ASCII case variants, words that are nowhere) and the comparison of the
index's answer with archive.search.scan, Python substring tests on every version. Shared by the
SQLite and PostgreSQL agreement tests, which live in two files so that they run side by side."""

from __future__ import annotations

import random

import opencc
from sqlalchemy import select

from archive.models import Version
from archive.search import SearchRequest, iter_records, scan, search
from archive.store import Archive

S2T = opencc.OpenCC("s2t")


def build_queries(db_url: str) -> dict[str, list[str]]:
    with Archive(db_url) as archive, archive.sessions() as s:
        rows = s.execute(select(Version.title, Version.text_normalized)).all()
    titles = sorted({t for t, _ in rows if t})
    texts = [body for _, body in rows if body]
    rng = random.Random(13)
    two = sorted({t[i:i + 2] for t in titles for i in range(len(t) - 1) if not t[i:i + 2].isspace()})
    one = sorted({c for t in titles for c in t if not c.isspace()})
    longer = []
    for _ in range(120):
        body = rng.choice(texts)
        size = rng.choice((3, 4, 5, 8, 12))
        start = rng.randrange(0, max(1, len(body) - size))
        piece = body[start:start + size].strip()
        if piece and "\n" not in piece and '"' not in piece:
            longer.append(piece)
    multi = [f"{rng.choice(two)} {rng.choice(two)}" for _ in range(60)]
    multi += [f"{rng.choice(longer)} {rng.choice(one)}" for _ in range(20)]
    # a longer word beside a 2-character one: matched together as phrases when the latter is rare
    multi += [f"{rng.choice(longer)} {rng.choice(two)}" for _ in range(20)]
    phrases = [f'"{p}"' for p in longer if " " in p or "," in p][:30]
    traditional = sorted({S2T.convert(w) for w in two + longer} - set(two + longer))[:80]
    absent = ["量子霸权", "火星基地", "zzqx", "双减双减双减双减"]
    ascii_case = ["PDF", "pdf", "Doc", "2022年", "2O22"]
    return {"two_char_title_words": two, "one_char": one, "three_plus": longer, "multi_word": multi,
            "phrase": phrases, "traditional": traditional, "absent": absent, "ascii_case": ascii_case}


def agreement(db_url: str, every: int = 1, thin: int = 1) -> dict[str, tuple[int, int, int]]:
    """{class: (queries, queries that disagree, hits compared)}.

    ``every``: one query in so many of every class; ``thin``: one in so many of the large
    classes other than the titles' 2-character words, which are always all checked. Every query is
    checked on the latest versions, every second one on all versions too (one code path
    apart: the latest-version filter)."""
    queries = build_queries(db_url)
    out = {}
    with Archive(db_url) as archive, archive.sessions() as s:
        for name, items in queries.items():
            wrong, hits = [], 0
            items = items[::every if name == "two_char_title_words" or len(items) < 20 else every * thin]
            for i, q in enumerate(items):
                for all_versions in (False, True) if i % 2 == 0 else (False,):
                    req = SearchRequest(query=q, all_versions=all_versions, facets=False, snippets=False)
                    expected = scan(s, req)
                    want = {(v.document_id, v.version)
                            for v in s.scalars(select(Version).where(Version.id.in_(expected)))}
                    got = [(r["document_id"], r["version"]) for r in iter_records(s, req)]
                    total = search(s, req).total
                    ok = set(got) == want and len(got) == total == len(expected)
                    hits += len(expected)
                    if not ok:
                        wrong.append((q, all_versions, total, len(expected)))
            out[name] = (len(items), len(wrong), hits)
            assert not wrong, f"{name}: index and scan disagree on {wrong[:5]}"
    return out
