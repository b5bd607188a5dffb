VENV := .venv
PYTHON := $(VENV)/bin/python
PYTHON_SYSTEM ?= python3

.PHONY: install test test-unit lint typecheck demo bench clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.py pyproject.toml
	$(PYTHON_SYSTEM) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[test,policy]'
	touch $@

test: install
	$(PYTHON) -m ruff check .
	$(PYTHON) -m mypy
	$(PYTHON) -m pytest -q -n auto

test-unit: install
	$(PYTHON) -m pytest -q -p no:xdist tests/unit

demo: install
	$(VENV)/bin/inspector-trial demo

bench: install
	$(PYTHON) benchmarks/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
