"""A list whose rows link files (a 规章制度 list of regulation PDFs, a 名单 as a spreadsheet) on a
real crawl: each such row is a notice that is its file. It is archived with the row's title
and date, the file as its one attachment (hashed, in the WARC), the title as its text; the
next night the unchanged file is no new version; a replaced file is; a file that is gone
withdraws its notice."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from archive.models import AttachmentFile, Document, Version
from archive.store import Archive
from archive.warc import read_payload
from crawler.localportals.faults import serve_faulty
from tests.minisite import crawl, db_url, definition, notice_page

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
XLSX = b"PK\x03\x04" + b"\x14\x00" * 40  # a ZIP's first bytes: an OOXML workbook
ROWS = [("202403/t20240301_1.html", "关于做好2024年春季学期开学工作的通知", "2024-03-01"),
        ("files/guanli-banfa.pdf", "某某市中小学学籍管理办法", "2024-03-02"),
        ("files/mingdan.xlsx", "2024年市级优秀教师拟表彰名单", "2024-03-03")]


def _site(root):
    (root / "jyj/tzgg/202403").mkdir(parents=True)
    (root / "jyj/tzgg/files").mkdir()
    items = "".join(f"<li><a href='{href}'>{title}</a><span>{day}</span></li>" for href, title, day in ROWS)
    (root / "jyj/tzgg/index.html").write_text(f"<html><body><ul class='list'>{items}</ul></body></html>", encoding="utf-8")
    (root / "jyj/tzgg/202403/t20240301_1.html").write_text(notice_page(ROWS[0][1], "2024-03-01"), encoding="utf-8")
    (root / "jyj/tzgg/files/guanli-banfa.pdf").write_bytes(PDF)
    (root / "jyj/tzgg/files/mingdan.xlsx").write_bytes(XLSX)


def test_rows_linking_files_are_notices_that_are_their_files(tmp_path):
    site = tmp_path / "site"
    _site(site)
    with serve_faulty(site) as server:
        portal_file = definition(tmp_path, server.base_url + "/jyj/tzgg/index.html")

        def night() -> dict:
            return crawl(tmp_path, portal_file, "--full")

        first = night()
        second = night()
        (site / "jyj/tzgg/files/guanli-banfa.pdf").write_bytes(PDF.replace(b"%%EOF", b"% amended\n%%EOF"))
        third = night()
        (site / "jyj/tzgg/files/mingdan.xlsx").unlink()
        fourth = night()
        base = server.base_url

    assert (first["new_documents"], first["errors"]) == (3, 0)
    assert (second["new_documents"], second["new_versions"]) == (0, 0)
    assert (third["new_documents"], third["new_versions"]) == (0, 1)  # the amended regulation
    assert fourth["withdrawn"] == 1
    with Archive(db_url(tmp_path)) as archive, archive.sessions() as s:
        pdf = s.scalar(select(Document).where(Document.url == f"{base}/jyj/tzgg/files/guanli-banfa.pdf"))
        versions = s.scalars(select(Version).where(Version.document_id == pdf.id).order_by(Version.version)).all()
        sheet = s.scalar(select(Document).where(Document.url == f"{base}/jyj/tzgg/files/mingdan.xlsx"))
        stored = s.get(AttachmentFile, hashlib.sha256(PDF).hexdigest())
        payload = read_payload(tmp_path / "data", stored.warc_file, stored.warc_offset)
    assert payload == PDF  # the file is in the WARC, where its attachment row says
    assert [(v.title, v.text, str(v.published)[:10]) for v in versions] == [
        ("某某市中小学学籍管理办法", "某某市中小学学籍管理办法", "2024-03-02")] * 2
    assert [a["sha256"] for a in versions[0].attachments] == [hashlib.sha256(PDF).hexdigest()]
    assert versions[0].attachments[0]["media_type"] == "application/pdf"
    assert versions[1].attachments[0]["sha256"] != versions[0].attachments[0]["sha256"]
    assert sheet.withdrawn_at is not None
