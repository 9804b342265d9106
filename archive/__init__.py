"""edunotice archive: storage, versions, search and export of Chinese education notices.

Imports no Scrapy, so a researcher can ``import archive`` in a notebook::

    import archive
    a = archive.open("sqlite:///data/archive.sqlite")
    a.search("双减").total
"""

from __future__ import annotations


def open(url: str | None = None):  # noqa: A001 - archive.open(url) is the notebook entry point
    """Open an archive for reading: ``archive.api.ArchiveReader`` (search, notice, versions, to_pandas)."""
    from archive.api import open_archive

    return open_archive(url)
