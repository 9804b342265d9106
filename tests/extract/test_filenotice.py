"""A notice that is its file (crawler.extract.filenotice): told from a page by its bytes, else
by its URL when the body is not markup; its record is the list row's title and date."""

from __future__ import annotations

import hashlib

from crawler.extract.filenotice import file_record, file_type
from crawler.reextract import derive

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"


def test_files_are_told_from_pages_by_their_bytes_then_their_url():
    assert file_type(PDF, "http://a.gov.cn/download.jsp?id=7") == "application/pdf"  # no extension: the bytes
    assert file_type(b"PK\x03\x04rest", "http://a.gov.cn/f/mingdan.xlsx").endswith("spreadsheetml.sheet")
    assert file_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "http://a.gov.cn/f/x.doc") == "application/msword"
    assert file_type(b"plain text, no markup", "http://a.gov.cn/f/readme.txt") is not None
    # a .pdf address answering with an HTML error page is a page; so is any page
    assert file_type(b"\xef\xbb\xbf  <!DOCTYPE html><html>404</html>", "http://a.gov.cn/f/x.pdf") is None
    assert file_type(b"<html><body>notice</body></html>", "http://a.gov.cn/t1.html") is None
    assert file_type(b"", "http://a.gov.cn/f/x.pdf") is None


def test_the_record_is_the_rows_title_and_date_with_the_file_hashed():
    record = file_record(PDF, "http://a.gov.cn/f/banfa.pdf", "application/pdf",
                         {"title": "某某市中小学学籍管理办法", "published": "2024-03-02"}, portal="t_edu")
    assert (record.title, record.text, record.published, record.portal) == (
        "某某市中小学学籍管理办法", "某某市中小学学籍管理办法", "2024-03-02", "t_edu")
    [attachment] = record.attachments
    assert (attachment.url, attachment.sha256, attachment.size) == ("http://a.gov.cn/f/banfa.pdf",
                                                                   hashlib.sha256(PDF).hexdigest(), len(PDF))
    assert record.confidence_reasons == []
    # no row to name it (a re-check from the archive gives the last version's hints): its file name,
    # and no date is said
    bare = file_record(PDF, "http://a.gov.cn/f/%E5%8A%9E%E6%B3%95.pdf", "application/pdf")
    assert bare.title == "办法.pdf" and bare.confidence_reasons and bare.published is None
    # a mirror's row date is its posting date, not the notice's
    mirror = file_record(PDF, "http://a.gov.cn/f/banfa.pdf", "application/pdf",
                         {"title": "办法", "mirror_posted": "2024-03-05"}, mirror=True)
    assert (mirror.published, mirror.mirror_posted) == (None, "2024-03-05")


def test_derive_gives_a_file_record_for_a_file_and_extracts_a_page():
    assert derive(PDF, url="http://a.gov.cn/f/banfa.pdf", hints={"title": "办法"})["attachments"][0]["sha256"]
    page = derive("<html><head><title>关于开学的通知</title></head><body><h1>关于开学的通知</h1>"
                  "<p>各学校：现将开学工作有关事项通知如下。</p></body></html>".encode(), url="http://a.gov.cn/t1.html")
    assert page["title"] == "关于开学的通知" and page["attachments"] == []
