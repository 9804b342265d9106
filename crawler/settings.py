"""Scrapy settings for edunotice, grouped by concern. Our own keys are EDUNOTICE_*.

EDUNOTICE_DB            SQLAlchemy URL of the archive (default: archive.db.default_db_url()).
EDUNOTICE_DATA_DIR      data directory for WARC files (default ./data).
EDUNOTICE_LEASE_SECONDS a run's lease on its portal expires after this long without a heartbeat.
EDUNOTICE_WARC_*        WARC capture settings (crawler/middlewares.py).
EDUNOTICE_CONTACT_URL   where a portal's webmaster can learn about this crawler (in the User-Agent).
EDUNOTICE_BACKOFF_*     retry backoff (crawler/backoff.py).
EDUNOTICE_PROGRESS*     live progress lines on a terminal (crawler/progress.py).
EDUNOTICE_MAX_PAGE_BYTES   notice/list pages larger than this after decompression are
                        recorded as too_large, not extracted (crawler/guards.py; per portal:
                        limits.max_page_bytes).
EDUNOTICE_MAX_TEXT_CHARS   extracted text kept per notice (crawler/guards.py).
EDUNOTICE_STORE_QUEUE   items of one portal waiting for the archive writer thread at most.
EDUNOTICE_STORE_BATCH   items stored in one transaction (one commit) at most, each in its savepoint.
EDUNOTICE_EXTRACT_PROCESSES worker processes extracting notice pages (crawler/extractpool.py; 0: inline).
EDUNOTICE_EXTRACT_POOL_AFTER pages a crawl process extracts inline before it starts them (default 200).
EDUNOTICE_WRITER_THREAD archive writes on the writer thread (default) or inline on the reactor.
"""

from __future__ import annotations

import os

BOT_NAME = "edunotice"
SPIDER_MODULES: list[str] = []
SPIDER_LOADER_CLASS = "crawler.spiderloader.PortalSpiderLoader"

# --- politeness: government servers are small ------------------------------------------
EDUNOTICE_CONTACT_URL = os.environ.get("EDUNOTICE_CONTACT_URL", "https://github.com/edunotice/edunotice")
USER_AGENT = f"edunotice/0.1 (archival crawler of public education notices; +{EDUNOTICE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Retries: 5xx, 408, 429 and network errors/timeouts (Scrapy's RETRY_EXCEPTIONS) are tried
# twice more; each retry doubles the host's download delay (crawler/backoff.py), because
# Scrapy's RetryMiddleware retries at once and AutoThrottle never raises a delay on errors.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
EDUNOTICE_BACKOFF_MAX_DELAY = 60.0
REDIRECT_MAX_TIMES = 5
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
COOKIES_ENABLED = False

# --- scope: hosts, ports and public addresses, checked on the connection (crawler/scope.py) --
TWISTED_DNS_RESOLVER = "crawler.scope.ScopedResolver"
TELNETCONSOLE_ENABLED = False
# Scrapy's HTTP/1.1 handler, plus attachment bodies streamed to disk and bytes sent past the
# Content-Length flagged (crawler/streaming.py).
DOWNLOAD_HANDLERS = {"http": "crawler.streaming.StreamingHTTPDownloadHandler",
                     "https": "crawler.streaming.StreamingHTTPDownloadHandler"}
# Scrapy's remote control (2.14+) would serve code execution on a localhost port and write a job
# file to the user's profile for every crawl; off, and its module (aiohttp, ~0.13 s) never loaded
# (EXTENSIONS): `--set REMOTE_CONTROL_ENABLED=true` alone does not bring it back.
REMOTE_CONTROL_ENABLED = False

# --- capture: every response to WARC (crawler/middlewares.py) --------------------------
DOWNLOADER_MIDDLEWARES = {
    "crawler.scope.ScopeMiddleware": 40,  # before OffsiteMiddleware (50) and robots.txt (100)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.scope.RobotsTxtMiddleware": 100,  # every waiter gets the parser (crawler/scope.py)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.backoff.BackoffRetryMiddleware": 550,
    "crawler.middlewares.WarcCaptureMiddleware": 950,
    "crawler.streaming.StreamedBodyMiddleware": 940,  # decodes a streamed body's gzip on disk
    "crawler.browser.BrowserRenderMiddleware": 960,  # only for `render: browser` portals
}
EDUNOTICE_WARC_ENABLED = True
EDUNOTICE_WARC_MAX_BYTES = 1024 * 1024 * 1024
EDUNOTICE_DATA_DIR = os.environ.get("EDUNOTICE_DATA_DIR")

# --- pipelines: extract, then store (crawler/pipelines) ---------------------------------
ITEM_PIPELINES = {
    "crawler.pipelines.extract.ExtractPipeline": 300,
    "crawler.pipelines.attachments.AttachmentPipeline": 500,
    "crawler.pipelines.store.StorePipeline": 800,
}
EDUNOTICE_DB = os.environ.get("EDUNOTICE_DB")
# Run ownership (archive/lease.py): renewed 4 times per period; a killed run's lease on this
# host is taken over at once, one on another host after the period.
EDUNOTICE_LEASE_SECONDS = float(os.environ.get("EDUNOTICE_LEASE_SECONDS") or 120)
EDUNOTICE_ATTACHMENTS_ENABLED = True
EDUNOTICE_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
EDUNOTICE_WITHDRAW_AFTER_RUNS = 3  # runs absent from every list page before a withdrawal
# Archive writes run on one writer thread (crawler/writer.py); a portal's items waiting for it
# at most, before the crawl holds back (Scrapy's back-pressure then pauses downloads).
EDUNOTICE_STORE_QUEUE = 64
# Items waiting for the writer are stored together: one commit, each item in its own savepoint.
EDUNOTICE_STORE_BATCH = 32
# Notice pages are extracted in this many worker processes (0: on the reactor thread).
EDUNOTICE_EXTRACT_PROCESSES = 1
EDUNOTICE_EXTRACT_POOL_AFTER = 200  # pages a crawl process extracts inline before starting them
# Scrapy runs each response's output through CONCURRENT_ITEMS worker tasks made for that
# response (100 by default, though a notice page yields one item): 8 is plenty, and it cut
# the crawl's CPU by ~10% (A/B, 1,500 notices). The generator-return warning re-parsed the
# callback's source for every response (its cache is keyed by the bound method, made anew
# each time): it is a development aid only.
CONCURRENT_ITEMS = 8
WARN_ON_GENERATOR_RETURN_VALUE = False
EDUNOTICE_WRITER_THREAD = True  # False: archive writes inline on the reactor (the old way; for comparison)
# Copy detection (archive/dedup.py) for the versions a crawl stores: "after_crawl" queues them
# (pending_copy_links; show/dupes say so) and links them in one batch when the crawl ends,
# off the crawl's path; "inline" links each one in its store transaction (the old way).
EDUNOTICE_COPY_LINKS = "after_crawl"

# --- incremental crawling (crawler/incremental.py, crawler/spiders/portal.py) -------------
EDUNOTICE_FULL = False  # True: walk every list page and re-check every known notice
EDUNOTICE_STOP_AFTER_KNOWN_PAGES = 1  # stop the list walk after this many all-known pages

# --- nightly operation: progress on a terminal (crawler/progress.py) ----------------------
EXTENSIONS = {"crawler.progress.ProgressExtension": 500,
              "scrapy.extensions.remote_control.RemoteControl": None}  # see REMOTE_CONTROL_ENABLED
EDUNOTICE_PROGRESS = False  # the CLI turns it on when stderr is a terminal and --quiet is not given
EDUNOTICE_PROGRESS_INTERVAL = 0.5

# --- logging: stdout carries data only --------------------------------------------------
LOG_LEVEL = os.environ.get("EDUNOTICE_LOG_LEVEL", "INFO")
LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
