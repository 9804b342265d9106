"""Shared by the fast-path tests on SQLite (test_fast_paths.py) and PostgreSQL
(test_fast_paths_postgres.py, a file of its own so that xdist runs it beside the SQLite one):
the queries, the comparison of search()'s shortcuts with the full ranking, and the count check."""

from __future__ import annotations

from sqlalchemy import select

from archive import search as search_module
from archive.models import Version
from archive.search import SearchRequest, iter_records, search
from archive.store import Archive


def queries(db_url: str) -> list[str]:
    with Archive(db_url) as archive, archive.sessions() as s:
        titles = sorted({t for t in s.scalars(select(Version.title)) if t})
    two = sorted({t[i:i + 2] for t in titles for i in range(len(t) - 1) if not t[i:i + 2].isspace()})
    one = sorted({c for t in titles for c in t if not c.isspace()})
    longer = sorted({t[2:6] for t in titles if len(t) >= 6})
    return two[::3] + one[::4] + longer[::3] + [f"{a} {b}" for a, b in zip(two[::7], two[3::7], strict=False)]


def compare(db_url: str, monkeypatch) -> tuple[int, int, int]:
    """(pages compared, pages the newest-titles shortcut served, pages the title-group shortcut
    served); asserts every page equals the reference."""
    served = {"_first_pages": 0, "_title_group_pages": 0}

    def counting(name):
        original = getattr(search_module, name)

        def counted(s, req):
            rows = original(s, req)
            served[name] += rows is not None
            return rows
        return counted

    with Archive(db_url) as archive, archive.sessions() as s:
        dated = len(s.scalars(select(Version.id).where(Version.published.is_not(None))).all())
    monkeypatch.setattr(search_module, "TOP_WINDOW", dated // 2)  # the newest half of the archive
    for name in served:
        monkeypatch.setattr(search_module, name, counting(name))
    compared, wrong = 0, []
    with Archive(db_url) as archive, archive.sessions() as s:
        for q in queries(db_url):
            for all_versions in (False, True):
                base = SearchRequest(query=q, all_versions=all_versions, facets=False, snippets=False, per_page=3)
                reference = [(r["document_id"], r["version"]) for r in iter_records(s, base)]
                for page in (1, 2, 3):
                    got = search(s, SearchRequest(**{**base.__dict__, "page": page}))
                    want = reference[(page - 1) * 3:page * 3]
                    compared += 1
                    if [(h["document_id"], h["version"]) for h in got.hits] != want or got.total != len(reference):
                        wrong.append((q, all_versions, page, got.total, len(reference)))
    assert not wrong, f"shortcut and full ranking disagree on {wrong[:5]}"
    return compared, served["_first_pages"], served["_title_group_pages"]


def counts_agree_probed_and_joined(db_url: str, monkeypatch) -> None:
    with Archive(db_url) as archive, archive.sessions() as s:
        probed = {q: search(s, SearchRequest(query=q, facets=False, snippets=False)).total
                  for q in ("教育", "通知", "学", "2023", "中小学")}  # 2023: in the superseded version
        monkeypatch.setattr(search_module, "OLDER_PROBE_LIMIT", 0)
        joined = {q: search(s, SearchRequest(query=q, facets=False, snippets=False)).total for q in probed}
        reference = {q: sum(1 for _ in iter_records(s, SearchRequest(query=q))) for q in probed}
    assert probed == joined == reference
    assert all(n > 0 for n in reference.values())
