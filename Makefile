PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
# Python's bytecode cache, even where the shell turns it off: every test run (and every process
# a test spawns) would otherwise compile the project, pytest's rewritten test modules included,
# afresh (about 3 s of the unit tier's collection on this machine).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test unit integration bench clean

# The stamp is refreshed whenever pyproject.toml changes, so both commands keep .venv current.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/quotebot run

# The tiers are defined with the markers in pyproject.toml: `make unit` and `make integration`
# split `make test` between them, with nothing left out of both.
test: $(STAMP)
	$(BIN)/python -m pytest -q

# The unit tier on every core (pytest-xdist): its tests (about 840) are independent (temporary folders,
# ephemeral ports), and one process alone takes about a minute of CPU.
unit: $(STAMP)
	$(BIN)/python -m pytest -q -n auto -m "not integration and not slow"

integration: $(STAMP)
	$(BIN)/python -m pytest -q -m "integration or slow"

bench: $(STAMP)
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) data .pytest_cache
