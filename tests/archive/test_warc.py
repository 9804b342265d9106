"""WARC capture: valid files, revisit records for identical payloads, byte-exact read-back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

from archive.store import Archive
from archive.warc import WarcCapture, read_payload

PAGE = "<html><head><meta charset=gb2312></head><body>开平市教育局2022年工作计划</body></html>".encode("gbk")
HEADERS = [("Content-Type", "text/html"), ("Content-Length", str(len(PAGE))), ("Transfer-Encoding", "chunked")]


def capture(writer, url, body=PAGE, status=200):
    return writer.capture(url=url, method="GET", request_headers=[("User-Agent", "edunotice-test")],
                          status=status, response_headers=HEADERS, body=body)


def warcio(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "warcio"), *args], capture_output=True, text=True)


def test_identical_payload_becomes_revisit_and_both_read_back_exactly(tmp_path, sqlite_url):
    with Archive(sqlite_url) as archive:
        first_run = WarcCapture(tmp_path, "kaiping_edu", archive)
        a = capture(first_run, "http://127.0.0.1:8731/jyj/tzgg/202201/t20220112_1.html")
        other = capture(first_run, "http://127.0.0.1:8731/jyj/tzgg/index.htm", body=b"<html>list</html>")
        first_run.close()
        second_run = WarcCapture(tmp_path, "kaiping_edu", archive)  # a later run: a new file
        b = capture(second_run, "http://127.0.0.1:8731/jyj/tzgg/202201/t20220112_1.html")
        second_run.close()

        assert (a.record_type, other.record_type, b.record_type) == ("response", "response", "revisit")
        assert a.warc_file != b.warc_file
        assert read_payload(tmp_path, a.warc_file, a.offset, archive) == PAGE
        assert read_payload(tmp_path, b.warc_file, b.offset, archive) == PAGE
        assert read_payload(tmp_path, other.warc_file, other.offset, archive) == b"<html>list</html>"


def test_files_pass_warcio_check_and_index_with_expected_records(tmp_path, sqlite_url):
    with Archive(sqlite_url) as archive:
        writer = WarcCapture(tmp_path, "qingyuan_edu", archive)
        capture(writer, "http://127.0.0.1:8732/a.html")
        capture(writer, "http://127.0.0.1:8732/b.html")  # same payload: revisit
        writer.close()
    files = sorted(tmp_path.glob("warc/qingyuan_edu/*.warc.gz"))
    assert len(files) == 1
    check = warcio("check", "-v", str(files[0]))
    assert check.returncode == 0, check.stdout + check.stderr
    index = warcio("index", "-f", "warc-type,warc-target-uri,warc-payload-digest,warc-profile", str(files[0]))
    rows = [json.loads(line) for line in index.stdout.splitlines()]
    assert [r["warc-type"] for r in rows] == ["warcinfo", "response", "request", "revisit", "request"]
    assert rows[3]["warc-profile"].endswith("identical-payload-digest")
    assert rows[1]["warc-payload-digest"] == rows[3]["warc-payload-digest"]


def test_files_roll_over_at_the_size_limit(tmp_path, sqlite_url):
    with Archive(sqlite_url) as archive:
        writer = WarcCapture(tmp_path, "kaiping_edu", archive, max_bytes=1)
        for i in range(3):
            capture(writer, f"http://127.0.0.1:8731/{i}.html", body=f"page {i}".encode())
        writer.close()
    assert len(list(tmp_path.glob("warc/kaiping_edu/*.warc.gz"))) == 3


def test_every_record_is_a_gzip_member_of_its_own(tmp_path, sqlite_url):
    # A reader seeks to a record's offset and inflates one member: the level we write at must
    # not change that (warcio's writer, our zlib level).
    with Archive(sqlite_url) as archive:
        writer = WarcCapture(tmp_path, "member_edu", archive)
        capture(writer, "http://127.0.0.1:8733/a.html")
        capture(writer, "http://127.0.0.1:8733/b.html", body=b"<html>other</html>")
        writer.close()
    data = next(tmp_path.glob("warc/member_edu/*.warc.gz")).read_bytes()
    members = []
    while data:
        inflate = zlib.decompressobj(zlib.MAX_WBITS + 16)
        members.append(inflate.decompress(data))
        data = inflate.unused_data
    kinds = [re.search(rb"^WARC-Type: (\w+)", m, re.M)[1] for m in members]
    assert kinds == [b"warcinfo", b"response", b"request", b"response", b"request"]
    assert all(m.startswith(b"WARC/1.1\r\n") and m.endswith(b"\r\n\r\n") for m in members)
