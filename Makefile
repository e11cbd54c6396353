# so-analysis: `make report` (the main job on the sample data) and `make test` (the whole suite).
# Both set up .venv/ first when needed; only Python 3.11+ and make are assumed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

DATA   ?= data/sample
PERIOD ?= 2016
AS_OF  ?= 2017-06-30
OUT    ?= outputs
LANG_  ?= sv

.PHONY: setup report test lint format lab sample clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
		|| { echo "so-analysis needs Python 3.11 or newer (set PYTHON=python3.12, say)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

report: setup
	$(BIN)/so-report run --data $(DATA) --period $(PERIOD) --out $(OUT) --as-of $(AS_OF) --lang $(LANG_)

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lab: setup
	$(BIN)/python -m pip install --quiet -e '.[dev,lab]'
	$(BIN)/jupyter lab notebooks/

sample: setup
	$(BIN)/so-report sample --out $(DATA)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
