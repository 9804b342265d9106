# edunotice: `make demo` and `make test` set everything up on a machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: install demo test lint clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/edunotice demo

lint: install
	$(BIN)/ruff check crawler archive tests bench

test: install lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) data .pytest_cache

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

# WARC bytes per notice version on the sample portals, with and without revisit records.
.PHONY: bench-storage
bench-storage: install
	$(BIN)/python -m bench.storage

# Every benchmark (none is part of `make test`: they print figures, they assert nothing).
.PHONY: bench
bench: bench-extract bench-dedup bench-incremental bench-storage

# The same benchmark on bench/holdout/pages: 24 pages the extractor's rules were never tuned on
# (regenerate them with `$(BIN)/python -m bench.holdout.build`).
.PHONY: bench-extract-holdout
bench-extract-holdout: install
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.extract --set holdout
