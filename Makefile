# Two commands for a fresh machine: `make site` and `make test`.
# Both install exactly the lock in requirements/, made for CPython 3.11 on Linux x86_64.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kamgen-installed
LOCKS := requirements/pip.lock requirements/dev.lock
# pip-tools only writes the lock (`make lock`), in a throwaway environment.
PIP_TOOLS := pip-tools==7.6.2
COMPILE := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(if $(UPGRADE),--upgrade)

# The lock pins the wheels that CPython 3.11 takes (and packages that only some Python
# versions need), so another Python would install something else or fail half-way.
CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(sys.implementation.name != "cpython" \
	or sys.version_info[:2] != (3, 11))' 2>/dev/null || { \
	echo "make: the lock in requirements/ is for CPython 3.11, and '$(PYTHON)' is" \
	"$$($(PYTHON) --version 2>/dev/null || echo 'not found'): install Python 3.11 so that" \
	"python3.11 is on the PATH, or run make PYTHON=/path/to/python3.11" >&2; exit 1; }

.PHONY: install site test serve validate lock clean

# A new lock or pyproject.toml makes the environment anew, so nothing of an older lock stays.
$(STAMP): $(LOCKS) pyproject.toml
	$(CHECK_PYTHON)
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/pip.lock
	$(BIN)/python -m pip uninstall --quiet --yes setuptools
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >&2 || { echo "make: pyproject.toml asks for something" \
	"requirements/dev.lock does not hold: run make lock" >&2; exit 1; }
	touch $(STAMP)

install: $(STAMP)

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

# Writes the lock again after pyproject.toml changed, keeping every other pin;
# `make lock UPGRADE=1` takes the newest versions that pyproject.toml allows.
lock:
	$(CHECK_PYTHON)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp" && \
	"$$tmp/bin/python" -m pip install --quiet $(PIP_TOOLS) && \
	"$$tmp/bin/pip-compile" $(COMPILE) --output-file requirements/pip.lock requirements/pip.in && \
	"$$tmp/bin/pip-compile" $(COMPILE) --extra dev --build-deps-for editable \
		--output-file requirements/dev.lock pyproject.toml

clean:
	rm -rf site .venv .pytest_cache .mypy_cache .ruff_cache
