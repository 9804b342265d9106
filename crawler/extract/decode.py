"""Bytes → text for notice pages whose charset declarations are often missing or wrong.

w3lib's ``html_to_unicode`` follows the browser order (BOM, HTTP header, ``<meta>``,
then detection) and maps gb2312/gbk to gb18030, their superset. Government sites still
mislabel pages (a UTF-8 header on GBK bytes and the reverse), so when the chosen codec
leaves replacement characters we try the other plausible codecs and keep the cleanest.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

FALLBACK_CODECS = ("utf-8", "gb18030", "big5")


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec used) for an HTML page; ``declared`` is the HTTP header charset, if any."""
    content_type = f"text/html; charset={declared}" if declared else None
    codec, text = html_to_unicode(content_type, body)
    if "\ufffd" not in text:
        return text, codec
    best = (text.count("\ufffd"), codec, text)
    for candidate in FALLBACK_CODECS:
        try:
            decoded = body.decode(candidate)
        except UnicodeDecodeError:
            decoded = body.decode(candidate, errors="replace")
        score = decoded.count("\ufffd")
        if score < best[0]:
            best = (score, candidate, decoded)
    return best[2], best[1]
