"""One definition of the notice record (archive/record.py): schema file, extraction, model,
exports all follow it, and every exported record validates against the schema."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from archive import db
from archive.models import Document, Version
from archive.record import (
    EXTRACTED_FIELDS,
    FIELDS,
    SCHEMA_PATH,
    schema_text,
    version_values,
)
from crawler.extract import extract
from crawler.extract.record import KNOWN_FLAGS, NoticeRecord
from crawler.localportals import build_sites
from tests.notice_schema import check_exports, problems

FIXTURE = Path(__file__).parent / "fixtures" / "release_0_1"


def test_the_schema_file_is_generated_from_the_record_definition():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run: python -m archive.record"


def test_extraction_the_model_and_the_definition_name_the_same_fields():
    assert {f.name for f in dataclasses.fields(NoticeRecord)} == set(EXTRACTED_FIELDS)
    models = {"version": Version, "document": Document}
    for f in FIELDS:
        if not f.origin:  # extract output only (confidence): never stored
            assert f.extracted, f.name
            continue
        owner, _, column = f.origin.partition(".")
        assert column in models[owner].__table__.columns, f.name
    assert set(KNOWN_FLAGS) == set(next(f for f in FIELDS if f.name == "flags").schema["items"]["enum"])


def test_a_version_stores_defaults_for_what_extraction_left_empty():
    values = version_values({"title": "通知", "text": None, "script": "", "flags": None,
                             "attachments": [{"title": "附件", "url": "http://a.cn/1.pdf"}]})
    assert values["text"] == "" and values["script"] == "zh-Hans" and values["flags"] == []
    assert values["attachments"] == [{"title": "附件", "url": "http://a.cn/1.pdf"}]
    assert values["published"] is None


def test_the_schema_refuses_a_bad_record():
    good = NoticeRecord(url="http://a.cn/t1.html", title="通知", published="2023-05-01").to_dict()
    assert problems(good) == []
    assert problems(good | {"flags": ["unheard_of"]})
    assert problems(good | {"published": "2023年5月1日"})
    assert problems({k: v for k, v in good.items() if k != "text"})


def test_extract_output_follows_the_schema(tmp_path):
    site = build_sites(tmp_path / "sites")["kaiping_edu"]
    page = site / "jyj/art/2022/1/12/art_2461_118000.html"
    record = extract(page.read_bytes(), "http://www.kaiping.gov.cn/jyj/art/2022/1/12/art_2461_118000.html")
    assert problems(record.to_dict()) == []


def test_every_exported_record_of_the_release_archive_follows_the_schema(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "archive")
    url = f"sqlite:///{tmp_path / 'archive' / 'archive.sqlite'}"
    db.upgrade(db.make_engine(url))
    assert check_exports(url) == 78
