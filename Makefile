VENV := .venv
PYTHON := $(VENV)/bin/python
PYTHON_SYSTEM ?= python3
# Every extra, so that the suite covers GatedEnabler (aws) and the policy pack (policy) too.
EXTRAS := test,aws,policy
# The lowest and the highest CPython the package supports; the default interpreter runs `make test`.
PYTHONS := 3.10 3.13
LOWEST := .venv-lowest

.PHONY: install test test-unit test-install test-lowest test-pythons lint typecheck demo bench clean

install: $(VENV)/.installed

$(VENV)/.installed: setup.py pyproject.toml
	$(PYTHON_SYSTEM) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

test: lint typecheck
	$(PYTHON) -m pytest -q -n auto

lint: install
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

typecheck: install
	$(PYTHON) -m mypy

test-unit: install
	$(PYTHON) -m pytest -q -p no:xdist tests/unit

# The fresh-virtualenv tier (tests/install): builds the wheel and the sdist and installs them, and
# this checkout as `pulumi install` does, into new virtualenvs, as a user would.
test-install: install
	$(PYTHON) -m pytest -q -p no:xdist -m install tests/install

# Every direct dependency at the lowest version pyproject.toml allows, from the package index
# (uv's lowest-direct resolution; transitive dependencies stay newest), then the whole suite.
test-lowest: install
	$(PYTHON) -m pip install --quiet 'uv>=0.5'
	rm -rf $(LOWEST)
	$(PYTHON_SYSTEM) -m venv --without-pip $(LOWEST)
	$(VENV)/bin/uv pip install --quiet --python $(LOWEST)/bin/python --resolution lowest-direct -e '.[$(EXTRAS)]'
	$(LOWEST)/bin/python .ci/check_floors.py
	$(LOWEST)/bin/python -m pytest -q -n auto

# The suite on each of PYTHONS (`make test-py3.10` for one), in .venv-py3.10 and so on.
test-pythons: $(PYTHONS:%=test-py%)

test-py%: .venv-py%/.installed
	.venv-py$*/bin/python -m pytest -q -n auto

# Kept between runs like .venv/.installed (make would delete it as an intermediate file).
.PRECIOUS: .venv-py%/.installed
.venv-py%/.installed: setup.py pyproject.toml
	rm -rf .venv-py$*
	python=$$(.ci/find-python $*) && "$$python" -m venv .venv-py$*
	.venv-py$*/bin/python -m pip install --quiet --upgrade pip
	.venv-py$*/bin/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

demo: install
	$(VENV)/bin/inspector-trial demo

bench: install
	$(PYTHON) benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(LOWEST) .venv-py* build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
