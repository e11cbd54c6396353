# so-analysis: `make report` (the main job on the sample data) and `make test` (the whole suite).
# Both set up .venv/ first when needed; only Python 3.11+ and make are assumed. The set-up installs
# the exact versions of requirements.lock; `make lock` writes that file from pyproject.toml.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

DATA   ?= data/sample
OUT    ?= outputs
LANG_  ?= sv

.PHONY: setup lock report dialog test lint typecheck format lab sample messages clean

CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
	|| { echo "so-analysis needs Python 3.11 or newer (set PYTHON=python3.12, say)"; exit 1; }

# The dependencies (with the dev extra) at the versions and hashes of requirements.lock, then the
# package itself, editable and built with the locked setuptools; pip check fails when the lock
# lacks something pyproject.toml asks for (run `make lock`). Again when either file changes.
$(STAMP): pyproject.toml requirements.lock
	$(CHECK_PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

# requirements.lock: every dependency of pyproject.toml's ranges (dev extra included) at one exact
# version with its hashes, for every platform and Python 3.11+, resolved by uv (installed into
# .venv/ on demand, at a fixed version) against PyPI. The versions already locked are kept where
# the ranges allow; `make lock LOCK_FLAGS=--upgrade` takes the newest instead.
UV_VERSION := 0.13.9
UV         := $(BIN)/uv
LOCK_FLAGS ?=

$(UV):
	$(CHECK_PYTHON)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

lock: $(UV)
	$(UV) pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --index-url https://pypi.org/simple --no-config --quiet \
		--custom-compile-command "make lock" $(LOCK_FLAGS) --output-file requirements.lock

# Notebooks are stored without outputs: nbstripout as a git filter (JupyterLab may save outputs
# into the working copy; git stores them stripped) and a pre-commit hook (ruff, nbstripout).
HOOKS := .git/hooks/pre-commit

$(HOOKS): $(STAMP) .pre-commit-config.yaml
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		$(BIN)/nbstripout --install --attributes .gitattributes && \
		$(BIN)/pre-commit install --install-hooks >/dev/null && touch $(HOOKS); \
	fi

setup: $(STAMP) $(HOOKS)

# The sample's two periods: 2016 reproduces the published report; 2017 shows the visit cycle
# (follow-up of the plans agreed on 2016, trend). The checklist is read as of the next summer's visits.
# Then the dialog templates for the next visits, on the 2017 figures.
report: setup
	$(BIN)/so-report run --data $(DATA) --period 2016 --as-of 2017-06-30 --out $(OUT) --lang $(LANG_)
	$(BIN)/so-report run --data $(DATA) --period 2017 --as-of 2018-06-30 --out $(OUT) --lang $(LANG_)
	$(BIN)/so-report run --data $(DATA) --period 2016-10-01..2017-09-30 --as-of 2018-06-30 --out $(OUT) --lang $(LANG_)
	$(BIN)/so-report dialog --data $(DATA) --period 2017 --as-of 2018-06-30 --out $(OUT) --lang $(LANG_)

# Dialog templates (dialogmallar) alone, for the experts' next visit, from the latest period.
dialog: setup
	$(BIN)/so-report dialog --data $(DATA) --period 2017 --as-of 2018-06-30 --out $(OUT) --lang $(LANG_)

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# JupyterLab on the repository root (notebooks/, data/ and outputs/ in its file browser); as
# root in a container it needs --allow-root; without a screen it prints the link to open.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root) $(if $(DISPLAY),,--no-browser)

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(LAB_FLAGS)

sample: setup
	$(BIN)/so-report sample --out $(DATA)

# The texts (gettext catalogues so_analysis/core/locales/<lang>/LC_MESSAGES/so_analysis.po, msgids
# symbolic keys): extract the keys the code names literally, with where, into build/messages/
# so_analysis.pot, and compile both catalogues there with statistics (the package compiles them
# itself when it starts; tests/unit/test_texts.py checks keys, plural forms and placeholders).
messages: setup
	@mkdir -p build/messages
	$(BIN)/pybabel extract --no-default-keywords -k t -k T -k n:1 --sort-by-file --no-wrap \
		--project so-analysis -o build/messages/so_analysis.pot so_analysis
	for lang in sv en; do \
		$(BIN)/pybabel compile --statistics -D so_analysis -l $$lang \
			-i so_analysis/core/locales/$$lang/LC_MESSAGES/so_analysis.po -o build/messages/$$lang.mo \
			|| exit 1; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
