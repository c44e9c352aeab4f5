# Two commands for a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kamgen-installed

.PHONY: site test serve validate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/kamgen build --site-dir site

serve: $(STAMP)
	$(BIN)/kamgen serve

validate: $(STAMP)
	$(BIN)/kamgen validate plans

test: $(STAMP)
	$(BIN)/ruff check kamgen tests
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache
