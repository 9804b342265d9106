"""What changed between two versions of a document: a summary line and a readable diff."""

from __future__ import annotations

import difflib

from archive.models import Version
from archive.record import METADATA_FIELDS

# Metadata compared between versions, in display order (archive/record.py).
META_FIELDS = METADATA_FIELDS


def metadata_changes(old: Version, new: Version) -> list[tuple[str, object, object]]:
    changes = [(f, getattr(old, f), getattr(new, f)) for f in META_FIELDS
               if getattr(old, f) != getattr(new, f)]
    # As versions are decided: a replaced file at the same URL is a change (its sha256).
    old_att = sorted(_attachment(a) for a in old.attachments or [])
    new_att = sorted(_attachment(a) for a in new.attachments or [])
    if old_att != new_att:
        changes.append(("attachments", old_att, new_att))
    return changes


def _attachment(a: dict) -> str:
    digest = (a.get("sha256") or "")[:12]
    return f"{a.get('title') or ''} <{a.get('url', '')}>" + (f" sha256:{digest}" if digest else "")


def change_summary(old: Version | None, new: Version) -> str:
    """One line: what makes ``new`` a new version (for ``edunotice show``)."""
    if old is None:
        return "first capture"
    parts = [name for name, _, _ in metadata_changes(old, new)]
    if old.text_normalized != new.text_normalized:
        a, b = old.text.splitlines(), new.text.splitlines()
        added = removed = 0
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag in ("replace", "delete"):
                removed += i2 - i1
            if tag in ("replace", "insert"):
                added += j2 - j1
        parts.append(f"text +{added}/-{removed} paragraphs")
    return ", ".join(parts) or "same content"


def unified_diff(old: Version, new: Version, url: str) -> str:
    """Metadata changes, then a unified diff of the text (one paragraph per line)."""
    lines = [f"--- {url} version {old.version} (fetched {old.fetched_at:%Y-%m-%d %H:%M})",
             f"+++ {url} version {new.version} (fetched {new.fetched_at:%Y-%m-%d %H:%M})"]
    for name, before, after in metadata_changes(old, new):
        lines.append(f"{name}: {before!r} -> {after!r}")
    body = difflib.unified_diff(old.text.splitlines(), new.text.splitlines(),
                                f"version {old.version}", f"version {new.version}", lineterm="", n=1)
    lines.extend(list(body)[2:])  # the two file lines are already printed above
    return "\n".join(lines)
