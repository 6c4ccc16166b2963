# docgen — the two commands are `make demo` and `make test`; both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR := build/demo

.PHONY: setup system system-tests venv demo web test test-fast soak lint format bench clean

setup: system venv

system:
	@bash scripts/setup-system.sh

system-tests:
	@bash scripts/setup-system.sh --tests

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,postgres]'
	touch $(STAMP)

demo: setup
	@bash scripts/demo.sh

# The demo's archive in the browser (http://127.0.0.1:8000) with demo users; after `make demo`.
web: setup
	@bash scripts/web-demo.sh

test: system-tests venv lint
	$(BIN)/python -m pytest -q

test-fast: venv
	$(BIN)/python -m pytest -q -m "not libreoffice and not postgres and not slow"

# The reliability suite's long run: many more fuzzed inputs (make test runs the short one).
soak: system-tests venv
	DOCGEN_SOAK=1 $(BIN)/python -m pytest -q -s tests/reliability tests/integration/test_issue_concurrency.py

lint: venv
	$(BIN)/ruff format --check docgen tests bench scripts
	$(BIN)/ruff check docgen tests bench scripts
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format docgen tests bench scripts
	$(BIN)/ruff check --fix docgen tests bench scripts

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache tests/artifacts
