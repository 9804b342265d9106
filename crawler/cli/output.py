"""Terminal-safe output for the human-readable commands.

Archived text comes from the web: a page can carry escape sequences that retitle the
terminal, write the clipboard (OSC 52), clear the screen or hide text (CSI), or C1
control characters that some terminals obey. :func:`terminal_safe` removes escape
sequences whole (ECMA-48: CSI, OSC/DCS/APC/PM/SOS strings, two-character escapes) and
every other C0/C1 control character except newline and tab; :func:`echo` is ``click.echo``
through it. ``--json`` output does not pass here: JSON escapes C0 controls itself and must
stay exact.
"""

from __future__ import annotations

import os
import re
import sys

import click

# ESC [ ... final, or the 8-bit CSI (U+009B) form
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# ESC ] / P / X / ^ / _ (or 8-bit OSC, DCS, SOS, PM, APC) ... up to BEL or ST (ESC \ or U+009C)
_STRING = r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
_TWO_CHAR = r"\x1b[\x20-\x7e]?"
_ESCAPES = re.compile(f"{_CSI}|{_STRING}|{_TWO_CHAR}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: object) -> str:
    """``text`` without escape sequences or control characters (newline and tab kept)."""
    value = str(text)
    if not _CONTROLS.search(value):
        return value
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


def echo(message: object = "", err: bool = False) -> None:
    """``click.echo`` of a message that may hold archived or served text."""
    click.echo(terminal_safe(message), err=err)


def detach_stdout() -> None:
    """After a failed write to stdout (a full disk, a closed pipe), point it at /dev/null so
    the interpreter's final flush does not print a second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


def write_problem(target: str, exc: OSError) -> str:
    """One line for a failed write, naming where and why."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot write to {target}: {reason}; the output is incomplete"
