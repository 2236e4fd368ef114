# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench notebook dictionary clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pipeline run data/raw --out data/processed

test: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/python -m pytest

notebook: run
	$(BIN)/python notebooks/execute.py data/processed/01_explore.ipynb

dictionary: $(STAMP)
	$(BIN)/python -m pipeline dictionary --out docs/data-dictionary.md

bench: $(STAMP)
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) data/processed/*.parquet data/processed/datapackage.json data/processed/.pipeline data/processed/*.ipynb
