"""An inline diff of two versions' texts by words and characters, for people (the web UI).

Paragraphs are aligned first; within a changed pair, Chinese is compared character by
character and runs of Latin letters or digits as whole words, so 2000 → 3000 shows one
number replaced, not a 100-character paragraph.
"""

from __future__ import annotations

import difflib
import html
import re

# A run of ASCII letters/digits (a number, a year, an English word) is one token; anything else one character.
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,:/-][A-Za-z0-9]+)*|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def inline_ops(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``=``, ``-`` or ``+``, covering both texts in order."""
    out: list[tuple[str, str]] = []
    a_par, b_par = old.split("\n"), new.split("\n")
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_par, b_par, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "\n".join(a_par[i1:i2]) + "\n"))
        elif tag == "delete":
            out.append(("-", "\n".join(a_par[i1:i2]) + "\n"))
        elif tag == "insert":
            out.append(("+", "\n".join(b_par[j1:j2]) + "\n"))
        else:
            out.extend(_words("\n".join(a_par[i1:i2]) + "\n", "\n".join(b_par[j1:j2]) + "\n"))
    return _merge(out)


def _words(old: str, new: str) -> list[tuple[str, str]]:
    a, b = tokens(old), tokens(new)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def _merge(ops: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, chunk in ops:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + chunk)
        elif chunk:
            merged.append((op, chunk))
    return merged


def inline_html(old: str, new: str) -> str:
    """The diff as HTML: removed text in ``<del>``, added text in ``<ins>``, paragraphs as <br>."""
    parts = []
    for op, chunk in inline_ops(old, new):
        escaped = html.escape(chunk).replace("\n", "<br>\n")
        parts.append({"=": escaped, "-": f"<del>{escaped}</del>", "+": f"<ins>{escaped}</ins>"}[op])
    return "".join(parts)
