# Two entry points, each doing all set-up on a fresh machine (Python >= 3.11 + package registries):
#   make report   builds the example reports into output/
#   make test     runs the test suite
#   make wheel-check  builds the wheel, installs it in a fresh virtualenv and uses it elsewhere
#   make pdfua    runs two independent PDF/UA-1 validators over the example PDFs
# PYTHON: the first Python >= 3.11 on PATH (override with make PYTHON=/path/to/python).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11 python; do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The web pages' real clients from npm (vnu-jar, axe-core; .ci/package.json), where npm is installed.
# Java and chromium are Debian packages: .ci/run installs them; tests without them skip, saying why.
NODE_TOOLS := $(if $(shell command -v npm),.ci/node_modules/.installed,)

.PHONY: report test check bench clean wheel-check pdfua killloop fuzz

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no Python >= 3.11 found on PATH; install one or give make PYTHON=..." >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

.ci/node_modules/.installed: .ci/package.json .ci/package-lock.json
	npm ci --prefix .ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

check: $(STAMP)
	$(BIN)/kompass check inputs/*/

report: check
	$(BIN)/kompass batch inputs/kampanj.yaml --out output

# Two workers (this machine has 2 cores); each test file stays on one worker, in order, so a
# module's shared build (e.g. the campaign in test_campaign.py) is made once. Modules are handed
# out in collection order, slowest first (tests/conftest.py SLOWEST_FIRST).
test: $(STAMP) $(NODE_TOOLS)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder

# Timing only, nothing asserted: medians of each target, before/after with BASELINE=<git rev>.
bench: $(STAMP)
	$(BIN)/python bench/build_examples.py
	$(BIN)/python bench/html_writer.py
	$(BIN)/python bench/watch_rebuild.py
	$(BIN)/python bench/targets.py $(if $(BASELINE),--baseline $(BASELINE),)

wheel-check:
	.ci/wheel-check $(PYTHON)

# Independent PDF/UA-1 validators (PyPI, in a fresh virtualenv) over the example, draft and rich PDFs.
pdfua: $(STAMP)
	.ci/pdfua $(PYTHON)

fuzz: $(STAMP)   # the fuzz suite at scale (EXAMPLES=10000 of each family); prints the counts, exits 1 on any failure
	$(BIN)/python -m tests.fuzzing $(or $(EXAMPLES),10000)

killloop: $(STAMP)   # kill batch and import-scores with SIGKILL at random moments (ROUNDS=20 each); prints the counts
	$(BIN)/python -m tests.killloop $(or $(ROUNDS),20)

clean:
	rm -rf $(VENV) output
