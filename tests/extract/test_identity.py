"""The extractor version changes whenever a rule or a rule table changes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from crawler.extract import identity

ROOT = Path(__file__).resolve().parents[2]


def sources_in(tree: Path) -> list:
    """The same selection as identity.rule_sources(), from a copy of the tree."""
    sources = list(identity._walk(tree / "crawler" / "extract", "crawler/extract"))
    sources.append(("archive/normalize.py", tree / "archive" / "normalize.py"))
    sources.extend(identity._walk(tree / "archive" / "data", "archive/data"))
    return sources


def copy_rules(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "crawler" / "extract", tree / "crawler" / "extract",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "archive" / "data", tree / "archive" / "data")
    shutil.copy(ROOT / "archive" / "normalize.py", tree / "archive" / "normalize.py")
    return tree


def test_version_names_the_package_and_the_rules():
    version = identity.extractor_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*\+[0-9a-f]{12}", version), version
    names = {name for name, _ in identity.rule_sources()}
    assert {"crawler/extract/data/spam_terms.txt", "crawler/extract/html.py", "archive/normalize.py",
            "archive/data/conversion_damage.tsv"} <= names


def test_a_copy_of_the_rules_has_the_installed_fingerprint(tmp_path):
    tree = copy_rules(tmp_path)
    assert identity.fingerprint(sources_in(tree)) == identity.extractor_version().rsplit("+", 1)[1]


def test_changing_a_table_or_a_rule_changes_the_version(tmp_path):
    tree = copy_rules(tmp_path)
    before = identity.fingerprint(sources_in(tree))
    table = tree / "crawler" / "extract" / "data" / "spam_terms.txt"
    table.write_text(table.read_text(encoding="utf-8") + "新词\n", encoding="utf-8")
    after_table = identity.fingerprint(sources_in(tree))
    assert after_table != before
    damage = tree / "archive" / "data" / "conversion_damage.tsv"
    damage.write_text(damage.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert identity.fingerprint(sources_in(tree)) not in (before, after_table)
    rules = tree / "archive" / "normalize.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "# a comment is a change too\n", encoding="utf-8")
    assert len({before, after_table, identity.fingerprint(sources_in(tree))}) == 3


def test_a_compiled_cache_is_not_a_rule(tmp_path):
    tree = copy_rules(tmp_path)
    before = identity.fingerprint(sources_in(tree))
    cache = tree / "crawler" / "extract" / "__pycache__"
    cache.mkdir()
    (cache / "html.cpython-311.pyc").write_bytes(b"\0compiled")
    assert identity.fingerprint(sources_in(tree)) == before
