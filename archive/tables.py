"""Loaders for the rule tables shipped as package data (``<package>/data/``).

The tables are data, not code, so that a person can add a case seen in the wild
(with a note of where) without touching the rules. Every loader refuses an empty
table or an empty entry: a blank rule would silently match everything or nothing.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable


def data_file(package: str, name: str) -> Traversable:
    """A table shipped in ``<package>/data/``, read through importlib.resources (works from a wheel)."""
    return files(package) / "data" / name


def _data_lines(package: str, name: str) -> list[tuple[int, str]]:
    """Numbered lines of a data file, without comments and blank lines."""
    path = data_file(package, name)
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append((lineno, line.rstrip("\r\n")))
    if not rows:
        raise ValueError(f"{path}: the table is empty; restore it from version control")
    return rows


@cache
def read_tsv(package: str, name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated table with at least ``columns`` non-empty columns."""
    rows = []
    for lineno, line in _data_lines(package, name):
        cells = line.split("\t")
        if len(cells) < columns or not all(cell.strip() for cell in cells[:columns]):
            raise ValueError(
                f"{data_file(package, name)}:{lineno}: expected {columns} non-empty tab-separated "
                f"columns, got {line!r}"
            )
        rows.append(tuple(cell.strip() for cell in cells[:columns]))
    return tuple(rows)


@cache
def read_sections(package: str, name: str) -> dict[str, tuple[str, ...]]:
    """Terms of a ``[section]``-headed list, one term a line."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for lineno, line in _data_lines(package, name):
        term = line.strip()
        if term.startswith("[") and term.endswith("]"):
            current = sections.setdefault(term[1:-1], [])
        elif current is None:
            raise ValueError(f"{data_file(package, name)}:{lineno}: term {term!r} before any [section]")
        else:
            current.append(term)
    for section, terms in sections.items():
        if not terms:
            raise ValueError(f"{data_file(package, name)}: section [{section}] is empty")
    return {section: tuple(terms) for section, terms in sections.items()}
