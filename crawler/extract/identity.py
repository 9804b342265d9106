"""The extractor version: names the rules that derived a record (DESIGN.md, "Identity").

``EXTRACTOR`` is ``<package version>+<12 hex>``, the hex a SHA-256 over every source file
and rule table of ``crawler.extract`` and over ``archive/normalize.py`` with ``archive/data``
(the normalisation tables), read through importlib.resources so it works from a wheel. Any
change to a rule or a table gives a new version, so a record derived by changed rules is
never mistaken for a change by the portal. Computed once per process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from importlib.resources.abc import Traversable

RULE_SUFFIXES = (".py", ".txt", ".tsv", ".json", ".yaml")


def _walk(node: Traversable, prefix: str) -> Iterable[tuple[str, Traversable]]:
    if node.is_file():
        if node.name.endswith(RULE_SUFFIXES):
            yield prefix, node
        return
    if node.name == "__pycache__":
        return
    for child in node.iterdir():
        yield from _walk(child, f"{prefix}/{child.name}")


def rule_sources() -> list[tuple[str, Traversable]]:
    """(name, file) of everything that decides what extraction produces."""
    archive = files("archive")
    sources = list(_walk(files("crawler.extract"), "crawler/extract"))
    sources.append(("archive/normalize.py", archive / "normalize.py"))
    sources.extend(_walk(archive / "data", "archive/data"))
    return sources


def fingerprint(sources: Iterable[tuple[str, Traversable]]) -> str:
    """SHA-256 (12 hex) over the named files, in name order (independent of the file system)."""
    digest = hashlib.sha256()
    for name, node in sorted(sources, key=lambda pair: pair[0]):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(node.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def package_version() -> str:
    try:
        return version("edunotice")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


@cache
def extractor_version() -> str:
    """``<package version>+<rules fingerprint>``, e.g. ``0.1.0+3fa9c2d1e0ab``."""
    return f"{package_version()}+{fingerprint(rule_sources())}"
