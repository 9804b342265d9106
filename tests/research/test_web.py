"""``edunotice serve`` in a real browser: Debian's headless Chromium driven by Selenium,
against the server started as users start it (a subprocess on a free port).

Also checks, over plain HTTP: JSON for every page, the same results as the CLI, the
archived page served sandboxed, and the read-only, loopback-only defaults.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import warmcli

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def server(crawled):
    env = {**os.environ, "EDUNOTICE_DATA_DIR": str(crawled.data_dir)}
    proc = subprocess.Popen([sys.executable, "-m", "crawler", "serve", "--port", "0", "--db", crawled.db_url],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    assert "read-only at http://127.0.0.1:" in line, proc.stderr.read() if proc.poll() is not None else line
    base = line.rsplit(" ", 1)[1].strip().rstrip("/")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_json(url: str):
    status, _, body = get(url)
    assert status == 200, body[:300]
    return json.loads(body)


def cli_json(crawled, *args) -> dict:
    out = warmcli.run([*args, "--db", crawled.db_url, "--json"], timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_search_json_gives_the_same_hits_as_the_cli(server, crawled):
    web = get_json(f"{server}/search.json?q={quote('中小學')}&collapse=1&per_page=50")
    cli = cli_json(crawled, "search", "中小學", "--collapse-copies", "--limit", "50")
    assert web["total"] == cli["total"] == 24
    assert [h["document_id"] for h in web["hits"]] == [h["document_id"] for h in cli["hits"]]
    assert {f["value"] for f in web["facets"]["portal"]} >= {"kaiping_edu", "qingyuan_edu"}


def test_every_page_has_json(server):
    doc = get_json(f"{server}/search.json?q={quote('双减')}")["hits"][0]["document_id"]
    for path in (f"/notice/{doc}", f"/notice/{doc}/capture", "/runs", "/portals", "/"):
        data = get_json(f"{server}{path}.json")
        assert data and isinstance(data, dict), path
    assert get_json(f"{server}/runs.json")["runs"]
    assert {p["portal"] for p in get_json(f"{server}/portals.json")["portals"]} == {
        "kaiping_edu", "qingyuan_edu", "xinwenmi_mirror", "docshare_mirror"}


def test_archived_page_is_served_sandboxed_and_the_ui_is_read_only(server):
    doc = get_json(f"{server}/search.json?q={quote('招生')}")["hits"][0]["document_id"]
    capture = get_json(f"{server}/notice/{doc}/capture.json")
    status, headers, body = get(server + capture["raw_url"])
    assert status == 200 and b"<html" in body.lower()
    assert headers["Content-Security-Policy"].startswith("sandbox") and "default-src 'none'" in headers[
        "Content-Security-Policy"]
    page = get(f"{server}/notice/{doc}/capture")[2].decode()
    assert "<iframe sandbox " in page
    request = urllib.request.Request(f"{server}/search", data=b"q=x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 405
    assert get(f"{server}/search.json?portal=nope")[0] == 400


def test_serve_binds_loopback_by_default():
    from crawler.cli.serve import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Debian's chromium and chromium-driver are missing: run `make install` (it installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def test_browser_search_notice_diff_and_paging(server, browser, crawled, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from tests.research.conftest import EDITED_FROM, EDITED_TO

    browser.get(server + "/")
    box = browser.find_element(By.NAME, "q")
    navigate(browser, lambda: box.send_keys("教育" + Keys.ENTER))  # a 2-character word: what trigram indexes never find
    summary = browser.find_element(By.ID, "summary").text
    total = get_json(f"{server}/search.json?q={quote('教育')}")["total"]
    assert summary.startswith(f"{total} notices; showing 1–20") and total > 40
    marks = browser.find_elements(By.CSS_SELECTOR, "#hits mark")
    assert marks and all(m.text == "教育" for m in marks)
    shot = tmp_path / "search.png"
    browser.save_screenshot(str(shot))
    assert_not_blank(shot)
    if os.environ.get("EDUNOTICE_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["EDUNOTICE_SCREENSHOTS"]) / "search.png")

    # Page through every result: each page says how many remain; no hit is shown twice.
    seen = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.hit-link")]
    while browser.find_elements(By.ID, "next"):
        navigate(browser, browser.find_element(By.ID, "next").click)
        seen += [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.hit-link")]
    assert len(seen) == len(set(seen)) == total
    assert browser.find_elements(By.ID, "prev")

    # Open the edited notice from a search, then its diff.
    browser.get(server + "/search?q=" + quote("修订"))
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "a.hit-link").click)
    assert browser.find_element(By.ID, "notice-title").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#versions tr")) == 2
    browser.save_screenshot(str(tmp_path / "notice.png"))
    assert_not_blank(tmp_path / "notice.png")
    navigate(browser, browser.find_element(By.CSS_SELECTOR, "a.diff-link").click)
    deleted = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#diff del")]
    inserted = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#diff ins")]
    assert deleted[0] == EDITED_FROM and inserted[0] == EDITED_TO  # a number, not a paragraph
    assert any("修订" in text for text in inserted)
    browser.save_screenshot(str(tmp_path / "diff.png"))
    assert_not_blank(tmp_path / "diff.png")
    if os.environ.get("EDUNOTICE_SCREENSHOTS"):
        for name in ("notice.png", "diff.png"):
            shutil.copy(tmp_path / name, Path(os.environ["EDUNOTICE_SCREENSHOTS"]) / name)


def navigate(browser, action) -> None:
    """Do what leaves the page (a submit, a click on a link) and wait until the next page has
    loaded: reading it earlier finds the old page's elements, gone a moment later. The old
    page is marked in its window object; a new page's window does not have the mark."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.__leaving = true")
    action()
    WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda b: b.execute_script("return window.__leaving === undefined && document.readyState === 'complete'"))


def assert_not_blank(png: Path) -> None:
    """A screenshot with content: many distinct colours, not one flat background."""
    import struct
    import zlib

    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, pos = b"", 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            chunks += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(chunks)
    assert width >= 800 and height >= 600
    distinct = len({raw[i:i + 3] for i in range(1, len(raw), 97)})
    assert distinct > 20, f"{png} looks blank ({distinct} distinct sampled pixels)"
