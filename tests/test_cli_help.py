"""Every command is documented: --help works and shows an example; README mentions it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from crawler.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def leaf_commands(group: click.Group, prefix=()):
    """Every leaf command, through list_commands/get_command (the top group loads lazily)."""
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_every_command_has_help_with_an_example_and_a_db_option_where_it_reads_the_archive():
    runner = CliRunner()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = list(leaf_commands(cli))
    assert {("search",), ("crawl",), ("portals", "new"), ("db", "upgrade")} <= {path for path, _ in commands}
    for path, _command in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, f"edunotice {' '.join(path)} --help shows no example"
        assert f"edunotice {' '.join(path)}" in readme, f"README does not mention edunotice {' '.join(path)}"
        if path[0] not in ("extract", "portals"):
            assert "--db URL" in result.output, path


def test_python_dash_m_crawler_runs_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "crawler", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "search" in result.stdout


def test_scrapy_list_shows_every_bundled_portal():
    from crawler.portal import load_all

    result = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == sorted(load_all())


def test_a_bad_or_unreachable_database_is_exit_2_with_what_to_do():
    for args in (["search", "双减", "--db", "notaurl"], ["crawl", "kaiping_edu", "--db", "notaurl"]):
        result = subprocess.run([sys.executable, "-m", "crawler", *args], capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, args
        assert "'notaurl' is not a database URL" in result.stderr and "Traceback" not in result.stderr
    down = "postgresql+psycopg://nobody@127.0.0.1:1/archive"
    result = subprocess.run([sys.executable, "-m", "crawler", "crawl", "kaiping_edu", "--db", down],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "cannot open the archive at postgresql+psycopg://nobody@127.0.0.1:1/archive" in result.stderr
    assert "Traceback" not in result.stderr
