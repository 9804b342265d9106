# edunotice: `make demo` and `make test` set everything up on a machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: install demo test lint clean

$(BIN)/.installed: pyproject.toml
	@# Debian's headless Chromium: render: browser portals (Playwright is pointed at it; its own
	@# browser download is not used) and the web UI's browser test; a CJK font for screenshots.
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -d /usr/share/fonts/truetype/wqy ]; then \
	  if command -v apt-get >/dev/null; then \
	    $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $$( [ "$$(id -u)" = 0 ] || echo sudo ) apt-get install -y -q chromium chromium-driver fonts-wqy-zenhei; \
	  else echo "install chromium and chromedriver for the browser test"; fi; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[test,browser,distributed]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/edunotice demo

lint: install
	$(BIN)/ruff check crawler archive schemas tests bench

# Three workers (pytest-xdist) on this 2-core machine, one test file per worker at a time: some
# files are a story in order (a module-scoped archive that each test advances). A third of the
# suite's time is waiting (servers' delays, politeness, kills), so a third worker fills it:
# 146 s against 172 s for two on an idle machine at 1,192 tests; 179 s at 1,650 (four: 169 s,
# kept at three: the timing-sensitive tests have only been proven there).
test: install lint
	$(BIN)/pytest -q -n 3 --dist loadfile

# Line coverage of crawler/ and archive/ by the whole suite, commands started by tests included
# (each in a fresh interpreter under coverage, so slower than `make test`: ~30 min when loaded).
.PHONY: coverage
coverage: install
	rm -f .coverage .coverage.*
	EDUNOTICE_TEST_COLD_CLI=1 $(BIN)/coverage run -m pytest -q -n 3 --dist loadfile; \
	  status=$$?; $(BIN)/coverage combine -q && $(BIN)/coverage report; exit $$status

clean:
	rm -rf $(VENV) data .pytest_cache .coverage .coverage.*

# Extraction benchmark: ours vs trafilatura / readability-lxml / GNE on the real pages of
# tests/realweb/detail (tune and check apart); --set eval for tests/extraction/pages.
.PHONY: bench-extract
bench-extract: install
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.extract

# Copy-detection benchmark: labelled pairs from the seeds; precision/recall over thresholds.
.PHONY: bench-dedup
bench-dedup: install
	$(BIN)/python -m bench.dedup

# Incremental crawl benchmark: a generated 2,000-notice portal crawled twice, unchanged;
# bytes and wall time of each run (goal: the second run < 10% of the bytes, < 20% of the time).
.PHONY: bench-incremental
bench-incremental: install
	$(BIN)/python -m bench.incremental

# Copy detection at archive scale: ms per stored notice at 0 / 10k / 100k documents on SQLite and
# PostgreSQL, with the unbounded candidate lookup as the baseline (SIZES="0 10000 100000 1000000" for 1M;
# BACKENDS=sqlite or postgresql for one). Sketches and texts are cached under bench/.cache/ (~3 GB at 1M).
SIZES ?= 0,10000,100000
.PHONY: bench-dedup-scale
bench-dedup-scale: install
	$(BIN)/python -m bench.dedup_scale --sizes "$(SIZES)" $(if $(BACKENDS),--backends "$(BACKENDS)")

# Bytes per notice on the sample portals: WARC (with and without revisit records) and the
# database per table (SQLite dbstat; POSTGRES=1 also crawls into PostgreSQL).
.PHONY: bench-storage
bench-storage: install
	$(BIN)/python -m bench.storage $(if $(POSTGRES),--postgres)

# List discovery on real saved list pages (tests/realweb/lists): recall, precision, next-page
# accuracy and the self-checks (misses reported vs silent, false alarms), tune and check apart.
.PHONY: bench-discovery
bench-discovery: install
	$(BIN)/python -m bench.discovery --verbose

# Re-extraction from WARC (versions/second), and versions a rule change makes on an unchanged
# portal (goal: 0). BEFORE=<git ref> also measures older code, e.g. BEFORE=5812e43.
.PHONY: bench-reextract
bench-reextract: install
	$(BIN)/python -m bench.reextract $(if $(BEFORE),--before $(BEFORE))

# Max RSS of a crawl through the fault suite and of a 5,000-notice generated portal (goal < 400 MB each).
.PHONY: bench-memory
bench-memory: install
	$(BIN)/python -m bench.memory

# Search benchmark: a synthetic archive of seed-shaped notices on SQLite and PostgreSQL; p50/p95
# latency of 1-, 2-, 4-character and multi-word queries, index size and build time.
# BENCH_SEARCH_VERSIONS=1000000 for the full size (default 100000); BENCH_SEARCH_KEEP=bench/.cache
# keeps both archives and measures them again next time (wall and CPU ms: the machine is shared).
.PHONY: bench-search
bench-search: install
	$(BIN)/python -m bench.search

# Crawl throughput on one 3,000-notice local portal, alternated, medians of 3: a bare Scrapy fetch,
# Scrapy + trafilatura in the callback, and `edunotice crawl` with politeness off (goals: >= 0.5x
# the bare fetch, >= 1.2x the naive pipeline). BEFORE=<git ref> also crawls with older code.
.PHONY: bench-throughput
bench-throughput: install
	$(BIN)/python -m bench.throughput $(if $(BEFORE),--before $(BEFORE))

# A simulated national night: PORTALS generated local portals (default 3000; a few broken) on
# loopback, a seed night then an incremental night (0-5 new notices per portal) crawled by
# `edunotice crawl --all --workers WORKERS` into a throw-away PostgreSQL database and the local
# Redis: wall time, requests per unchanged portal, max RSS and descriptors, notices missed.
# Hours at 3000 on a 2-core machine: not part of `make bench`; PORTALS=100 for a first look.
PORTALS ?= 3000
WORKERS ?= 3
# NIGHT2_WORKERS=8: more workers for the incremental night (bound by politeness delays, not CPU);
# SIZE_MEDIAN=4: smaller seed-night portals (night 2 does not depend on their size)
.PHONY: bench-scale
bench-scale: install
	$(BIN)/python -m bench.scale --portals $(PORTALS) --workers $(WORKERS) $(if $(NIGHT2_WORKERS),--night2-workers $(NIGHT2_WORKERS)) $(if $(SIZE_MEDIAN),--size-median $(SIZE_MEDIAN))

# Every benchmark but bench-scale (none is part of `make test`: they print figures, they assert nothing).
.PHONY: bench
bench: bench-extract bench-dedup bench-dedup-scale bench-incremental bench-storage bench-discovery bench-reextract bench-memory bench-search bench-throughput

# The same benchmark on bench/holdout/pages: 24 pages the extractor's rules were never tuned on
# (regenerate them with `$(BIN)/python -m bench.holdout.build`).
.PHONY: bench-extract-holdout
bench-extract-holdout: install
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.extract --set holdout
