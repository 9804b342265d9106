"""Bytes → text for notice pages whose charset declarations are often missing or wrong.

w3lib's ``html_to_unicode`` follows the browser order (BOM, HTTP header, ``<meta>``,
then UTF-8) and maps gb2312/gbk to gb18030, their superset. Government sites still
mislabel pages (a UTF-8 header on GBK bytes and the reverse, Big5 with no declaration),
so when the declaration and the bytes disagree, charset-normalizer chooses among the
codecs Chinese pages use (``CJK_CODECS``). Counting replacement characters cannot do
it: Big5 bytes decode as GB18030 without a single error, into nonsense.

The declaration and the bytes disagree when the declared codec leaves replacement
characters, or when the bytes are multi-byte UTF-8 under a non-UTF-8 declaration (such
byte runs are vanishingly rare in GBK or Big5 text). "UTF-8" allows a stray run of other
bytes (MIXED_SHARE): a UTF-8 page can carry a GBK fragment (an included ad block, a
commented-out snippet), which must not turn the whole page into mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode

CJK_CODECS = ("utf_8", "gb18030", "big5")  # the codecs a Chinese page may really be in
DETECT_SAMPLE_BYTES = 200_000  # enough text to judge; detection time grows with it
MIXED_SHARE, MIXED_MIN_CHARS = 100, 100  # at most 1 bad run per 100 UTF-8 characters, of 100 or more


def decode_html(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec used) for an HTML page; ``declared`` is the HTTP header charset, if any."""
    content_type = f"text/html; charset={declared}" if declared else None
    codec, text = html_to_unicode(content_type, body)
    if "\ufffd" not in text and (_is_utf8(codec) or not _utf8(body)):
        return text, codec
    if _utf8(body):
        return body.decode("utf-8", errors="replace"), "utf-8"
    best = from_bytes(body[:DETECT_SAMPLE_BYTES], cp_isolation=list(CJK_CODECS)).best()
    if best is None:  # nothing decodes cleanly: keep the declaration's reading
        return text, codec
    return body.decode(best.encoding, errors="replace"), best.encoding


def _is_utf8(codec: str) -> bool:
    return codecs.lookup(codec).name == "utf-8"


def _utf8(body: bytes) -> bool:
    """Bytes that are UTF-8 and not plain ASCII (a BOM-less UTF-8 page), but for at most one
    invalid run per MIXED_SHARE multi-byte characters when there are MIXED_MIN_CHARS of them,
    and whose non-ASCII characters are mostly Chinese (GBK's 通知, D6AA CDA8, is valid UTF-8
    too, for two Hebrew and combining marks: a short GBK page can pass the first test)."""
    if body.isascii():
        return False
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        wide = (len(text.encode("utf-8")) - len(text)) // 2 - bad  # ~2 extra bytes per CJK character
        if wide < MIXED_MIN_CHARS or bad * MIXED_SHARE > wide:
            return False
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return 2 * len(CHINESE.findall(text)) >= wide


CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")  # ideographs, CJK punctuation
