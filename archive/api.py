"""The notebook API: ``archive.open(url)`` and one object with search, notices and versions.

The same search as ``edunotice search`` (archive.search: the bigram index, script
normalisation of the query, the same filters and ranking). Imports no Scrapy, Twisted or
trafilatura; pandas is needed only by :meth:`ArchiveReader.to_pandas` (``pip install
'edunotice[notebook]'``).

    >>> import archive
    >>> a = archive.open("sqlite:///data/archive.sqlite")
    >>> result = a.search("中小學", collapse_copies=True)      # traditional query, simplified text
    >>> result.total, [h["title"] for h in result.hits]
    >>> df = a.to_pandas("双减", all_versions=True)
"""

from __future__ import annotations

from dataclasses import fields

from archive.query import current_record, document_history
from archive.record import EXPORT_FIELDS
from archive.search import SearchRequest, SearchResult, iter_records, search
from archive.store import Archive

_REQUEST_FIELDS = {f.name for f in fields(SearchRequest)}


class ArchiveReader:
    """Read-only access to one archive database (SQLite file or PostgreSQL URL)."""

    def __init__(self, url: str | None = None):
        self._archive = Archive(url)
        self.url = self._archive.url

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _request(self, query: str, options: dict) -> SearchRequest:
        unknown = set(options) - _REQUEST_FIELDS
        if unknown:
            raise TypeError(f"unknown search option(s) {sorted(unknown)}; known: {sorted(_REQUEST_FIELDS)}")
        if isinstance(options.get("portal"), str):
            options["portal"] = (options["portal"],)
        return SearchRequest(query=query, **options)

    def search(self, query: str = "", **options) -> SearchResult:
        """One page of hits with total, facets and snippets (options: SearchRequest fields,
        e.g. ``portal=``, ``since=``, ``kind=``, ``collapse_copies=``, ``page=``, ``per_page=``).

        A common word in a large archive gets an estimated total (``result.count_exact`` is
        False, ``result.estimate`` holds the method, sample and 95 % interval, facets are
        scaled from the sample); ``exact_count=True`` counts every hit instead."""
        with self._archive.sessions() as s:
            return search(s, self._request(query, options))

    def records(self, query: str = "", **options) -> list[dict]:
        """Every matching notice record (no paging), ranked as search ranks them."""
        with self._archive.sessions() as s:
            return list(iter_records(s, self._request(query, options)))

    def notice(self, document_id: int, version: int | None = None) -> dict:
        """A notice's record: its latest version, or ``version``."""
        with self._archive.sessions() as s:
            found = document_history(s, document_id)
            if found is None:
                raise KeyError(f"no document {document_id} in {self.url}")
            doc, versions, _ = found
            chosen = versions[-1] if version is None else next((v for v in versions if v.version == version), None)
            if chosen is None:
                raise KeyError(f"document {document_id} has versions 1..{len(versions)}, not {version}")
            return current_record(s, doc, chosen)

    def versions(self, document_id: int) -> list[dict]:
        """Every version's record of a notice, oldest first."""
        with self._archive.sessions() as s:
            found = document_history(s, document_id)
            if found is None:
                raise KeyError(f"no document {document_id} in {self.url}")
            doc, versions, _ = found
            return [current_record(s, doc, v) for v in versions]

    def to_pandas(self, query: str = "", **options):
        """Matching records as a pandas DataFrame (one row per notice, or per version with
        ``all_versions=True``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'edunotice[notebook]'") from None
        return pd.DataFrame.from_records(self.records(query, **options), columns=list(EXPORT_FIELDS))


def open_archive(url: str | None = None) -> ArchiveReader:
    """Open an archive for reading (default: $EDUNOTICE_DB, else the data directory's SQLite file)."""
    return ArchiveReader(url)
