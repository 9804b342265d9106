"""The JSON Schemas of edunotice's two public formats, shipped as package data.

``portal.schema.json`` (a portal definition) and ``notice.schema.json`` (an exported
notice record). Read them with :func:`load`, which works from a source checkout, an
editable install and a built wheel alike.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

PORTAL = "portal.schema.json"
NOTICE = "notice.schema.json"


@cache
def load(name: str) -> dict:
    """One schema, parsed (``schemas.load(schemas.PORTAL)``)."""
    return json.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))
