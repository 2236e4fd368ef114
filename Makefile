# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test quick typecheck browser duckdb1 report bench notebook dictionary clean realbench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pipeline run data/raw --out data/processed

test: $(STAMP) browser duckdb1
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests notebooks realbench
	$(BIN)/python -m tests.typecheck
	$(BIN)/python -m pytest

# The loop while editing: lint and every test not marked slow (`@pytest.mark.slow`: over about 3 s), in under a
# minute on two cores; `make test` still runs everything.
quick: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests notebooks realbench
	$(BIN)/python -m tests.typecheck
	$(BIN)/python -m pytest -m "not slow"

# mypy over pipeline/ against mypy-baseline.txt: fails on a new error, and asks for a shorter baseline when one is
# fixed (`$(BIN)/python -m tests.typecheck --shrink`); the baseline never grows. Ruff enforces complexity <= 25.
typecheck: $(STAMP)
	$(BIN)/python -m tests.typecheck

# Headless Chromium for the report's browser test: Debian's packages, installed when missing and running as root
# (as CI does); otherwise that test is skipped with the reason.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing chromium and chromium-driver for the report test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "note: chromium/chromedriver missing and not root: the report's browser test will be skipped"; fi

# DuckDB 1.x readers for the test that opens the DuckDB export with them (DuckDB 2 writes it): the oldest
# supported line and the newest, each from the package registry into its own folder of a small venv, once;
# without the registry that test is skipped with the reason.
DUCKDB1          := .venv-duckdb1
DUCKDB1_VERSIONS := 1.1.3 1.5.6
space            := $() $()
DUCKDB1_STAMP    := $(DUCKDB1)/.installed-$(subst $(space),_,$(DUCKDB1_VERSIONS))
$(DUCKDB1_STAMP):
	@echo "installing DuckDB $(DUCKDB1_VERSIONS) into $(DUCKDB1) for the DuckDB 1.x export test"
	@rm -rf $(DUCKDB1) && $(PYTHON) -m venv $(DUCKDB1) && (for v in $(DUCKDB1_VERSIONS); do \
		$(DUCKDB1)/bin/pip install --quiet --disable-pip-version-check --target $(DUCKDB1)/duckdb-$$v "duckdb==$$v" \
		|| exit 1; done) && touch $@ \
		|| echo "note: DuckDB 1.x could not be installed into $(DUCKDB1): the DuckDB 1.x export test will be skipped"

duckdb1: $(DUCKDB1_STAMP)

report: run
	$(BIN)/python -m pipeline report data/processed --out report

notebook: run
	$(BIN)/python notebooks/execute.py data/processed/01_explore.ipynb

dictionary: $(STAMP)
	$(BIN)/python -m pipeline dictionary --out docs/data-dictionary.md

bench: $(STAMP)
	$(BIN)/python -m tests.bench

# Real documents, gold written by reading (realbench/gold/), texts rebuilt from fetched mirrors of public
# repositories (never committed); skipped with one line when the mirrors or the team's scorer are absent.
SCORER      ?= ../shared/realbench/score_real.py
REALBENCH   ?= realbench/docs
MIRROR_ROOT ?= /work/.mirror
realbench: $(STAMP)
	@$(BIN)/python realbench/rebuild.py realbench/gold $(REALBENCH) --mirrors $(MIRROR_ROOT)
	@if [ ! -f "$(SCORER)" ]; then echo "realbench: skipped: scorer $(SCORER) not found"; \
	elif [ -z "$$(ls $(REALBENCH) 2>/dev/null)" ]; then echo "realbench: skipped: no document rebuilt (mirrors absent under $(MIRROR_ROOT))"; \
	else $(BIN)/python $(SCORER) realbench/gold $(REALBENCH) --project . --out realbench/last.json; fi

clean:
	rm -rf $(VENV) $(DUCKDB1) data/processed/exports data/processed/*.parquet data/processed/datapackage.json data/processed/.pipeline data/processed/*.ipynb report
