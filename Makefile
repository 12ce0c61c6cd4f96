# The two commands of the README:
#   make run    install (first time) and run the main job: `noticewatch recrawl` over ./watchlist.toml
#   make test   install (first time) and run the whole test suite (what CI runs)
# Also: make daemon (scheduled crawls), make demo (offline tour), make lint,
# make eval (corpus evaluations), make bench.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run daemon demo test lint eval bench install clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: $(BIN)/.installed
	$(BIN)/noticewatch recrawl $(ARGS)

daemon: $(BIN)/.installed
	$(BIN)/noticewatch daemon $(ARGS)

demo: $(BIN)/.installed
	$(BIN)/noticewatch demo

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(BIN)/.installed
	@# Browser tests need Chromium; on CI it is installed here (Debian's package), elsewhere they skip.
	@if [ "$$CI" = "true" ] && ! command -v chromium >/dev/null 2>&1 && [ -z "$$NOTICEWATCH_CHROMIUM" ]; then \
		echo "installing chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium >/dev/null; \
	fi
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

eval: $(BIN)/.installed
	$(BIN)/python bench/eval_snapshots.py
	$(BIN)/python bench/eval_analysis.py
	$(BIN)/python bench/replay_snapshots.py

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_extract.py
	$(BIN)/python bench/bench_diff.py
	$(BIN)/python bench/bench_analyze.py
	$(BIN)/python bench/bench_recrawl.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
