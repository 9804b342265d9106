"""What a crawl process loads: every `edunotice crawl` (cron, each test crawl) pays its imports
before the first request, so what a crawl rarely or never needs is not loaded at start-up:
trafilatura (the extraction fallback), datasketch's package (scipy, aiohttp: only its MinHash
is used) and Scrapy's remote control (aiohttp)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from scrapy.utils.conf import build_component_list

from archive.similarity import NUM_PERM, minhash, shingles, text_bands
from crawler.run import crawl_settings

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "tests" / "extraction" / "pages" / "002_seed000_kaiping_official_gbk.html"
TEXTS = [
    "关于做好2024年全市中小学教师招聘工作的通知。各区教育局：为做好今年教师招聘工作，现将有关事项通知如下。" * 2,
    "市教育局关于公布2023年度普通高中学业水平考试成绩的公告，考生可于7月15日起登录查询。",
]


def loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_extracting_and_sketching_a_notice_loads_no_trafilatura_scipy_or_aiohttp():
    code = ("from pathlib import Path\nfrom crawler.extract import extract\nfrom archive.similarity import text_bands\n"
            f"record = extract(Path({str(PAGE)!r}).read_bytes(), 'http://127.0.0.1/a.html')\n"
            "assert record.text and 'fallback' not in ' '.join(record.confidence_reasons), record.confidence_reasons\n"
            "assert text_bands(record.text_normalized) is not None")
    loaded = loaded_after(code)
    assert "crawler.extract" in loaded and "numpy" in loaded
    assert not {name.split(".")[0] for name in loaded} & {"trafilatura", "scipy", "aiohttp"}
    # datasketch's own modules were loaded privately: the process has no half-made package
    assert not {name for name in loaded if name.split(".")[0] == "datasketch"}


def test_minhash_equals_datasketch_package_minhash_so_stored_band_hashes_stay_comparable():
    import datasketch
    from datasketch.hashfunc import sha1_hash32

    for text in TEXTS:
        grams = shingles(text)
        reference = datasketch.MinHash(num_perm=NUM_PERM, seed=20221, hashfunc=sha1_hash32, scheme="affine32")
        reference.update_batch(g.encode("utf-8") for g in grams)
        assert np.array_equal(minhash(grams), reference.hashvalues)
    assert text_bands(TEXTS[0]) is not None and len(text_bands(TEXTS[0])) == NUM_PERM // 2


def test_crawl_does_not_load_scrapy_remote_control():
    settings = crawl_settings("sqlite:///unused.sqlite")
    extensions = build_component_list(settings.getwithbase("EXTENSIONS"))
    middlewares = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    assert "crawler.progress.ProgressExtension" in extensions
    assert not [e for e in extensions if "remote_control" in str(e)]
    assert not settings.getbool("REMOTE_CONTROL_ENABLED")
    assert "crawler.backoff.BackoffRetryMiddleware" in middlewares
