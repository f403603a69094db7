# Two entry points, each doing all set-up on a fresh machine (Python 3.11 + package registries):
#   make report   builds the example reports into output/
#   make test     runs the test suite
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

check: $(STAMP)
	$(BIN)/kompass check inputs/*/

report: check
	$(BIN)/kompass batch inputs/kampanj.yaml --out output

# Two workers (this machine has 2 cores); each test file stays on one worker, in order, so a
# module's shared build (e.g. the campaign in test_campaign.py) is made once.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# Timing only, nothing asserted: medians of each target, before/after with BASELINE=<git rev>.
bench: $(STAMP)
	$(BIN)/python bench/build_examples.py
	$(BIN)/python bench/targets.py $(if $(BASELINE),--baseline $(BASELINE),)

clean:
	rm -rf $(VENV) output
