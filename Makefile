# Two entry points, each doing all set-up on a fresh machine (Python 3.11 + package registries):
#   make report   builds the example reports into output/
#   make test     runs the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

check: $(STAMP)
	$(BIN)/kompass check inputs/*/

report: check
	$(BIN)/kompass batch inputs/kampanj.yaml --out output

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) output
