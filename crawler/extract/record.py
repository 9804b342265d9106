"""The notice record: what extraction produces and what the archive stores and exports.

Field names follow ``schemas/notice.schema.json``; ``to_dict`` gives exactly that shape
(without the archive-only fields, which ``archive`` adds).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from archive.record import KNOWN_FLAGS as FLAGS

# Damage and repair flags a record may carry: defined with the record (archive/record.py).
KNOWN_FLAGS = frozenset(FLAGS)


@dataclass
class Attachment:
    title: str
    url: str
    media_type: str | None = None
    sha256: str | None = None
    size: int | None = None


@dataclass
class NoticeRecord:
    url: str
    portal: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date, or ISO date-time when the page gives a time
    mirror_posted: str | None = None  # a mirror's own posting date, kept apart from `published`
    source: str | None = None  # 来源
    issuer: str | None = None  # 发布机构 / 发文单位
    doc_number: str | None = None  # 文号, e.g. 清教〔2022〕12号
    index_number: str | None = None  # 索引号
    text: str = ""  # body, paragraphs separated by "\n", original script
    text_normalized: str = ""  # simplified, NFKC, artifacts removed
    attachments: list[Attachment] = field(default_factory=list)
    script: str = "zh-Hans"  # zh-Hans | zh-Hant
    flags: list[str] = field(default_factory=list)
    confidence: float = 1.0  # 0-1, from evidence (crawler.extract.confidence)
    confidence_reasons: list[str] = field(default_factory=list)  # what lowered it

    def to_dict(self) -> dict:
        return asdict(self)
