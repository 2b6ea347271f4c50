"""Shared fixtures. The real zh→en model comes from the data directory (``make models``)."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.translation.engine import TranslationEngine
from bot.translation.packages import InstalledModel, install_from_file, list_installed
from bot.translation.runtime import DecodingOptions, LoadedModel

pytest_plugins = ["tests.support.fixtures", "pytester"]

# argostranslate's settings module creates folders under XDG dirs at import
# (packages import it lazily, so setting them here is early enough): keep the
# test run from writing into the home directory.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="yiqi-test-argos-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = str(_ARGOS_HOME / _name.lower())

REPO = Path(__file__).resolve().parent.parent


def _models_dir() -> Path:
    explicit = os.environ.get("YIQI_TEST_MODELS_DIR")
    if explicit:
        return Path(explicit)
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", REPO / "data"))
    return data_dir / "models"


# Fixtures that hand out the real model; only tests marked ``realmodel`` may ask for them.
REAL_MODEL_FIXTURES = frozenset({"real_zh_en_package", "real_zh_en_model", "real_engine"})


def _is_realmodel_test(item: pytest.Item) -> bool:
    return item.get_closest_marker("realmodel") is not None


# SimCord waits this long for the bot's work to finish (its default is 5 s): a long post
# through the real model on a busy 2-core machine took longer, and a settle that times out
# leaves the bot half torn down for every later test.
SIMCORD_SETTLE_SECONDS = 120.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collection guard: an unmarked test that names a real-model fixture stops the run.
    Also gives every SimCord test the settle time above unless it sets its own."""
    for item in items:
        uses_simcord = "simcord_env" in getattr(item, "fixturenames", ())
        if uses_simcord and item.get_closest_marker("simcord") is None:
            item.add_marker(pytest.mark.simcord(settle_timeout=SIMCORD_SETTLE_SECONDS))
    unmarked = [
        item.nodeid
        for item in items
        if REAL_MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))
        and not _is_realmodel_test(item)
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests using the real zh→en model must be marked @pytest.mark.realmodel:\n"
            + "\n".join(unmarked)
        )


def _require_realmodel_marker(request: pytest.FixtureRequest) -> None:
    if not _is_realmodel_test(request.node):
        pytest.fail(
            f"{request.node.nodeid} loads the real zh→en model without @pytest.mark.realmodel"
        )


@pytest.fixture(autouse=True)
def _process_logging_put_back() -> Iterator[None]:
    """A test that runs the CLI sets up the process's logging (a root handler on the stderr
    it captured): the next test starts from the root logger as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _real_model_only_where_marked(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runtime guard: an unmarked test that loads the real package from disk fails loudly
    (however it got there: a fixture looked up by name, a bot reading its models dir)."""
    if _is_realmodel_test(request.node):
        return
    real_dir = _models_dir().resolve()
    load = LoadedModel.__init__

    def guarded(self: LoadedModel, installed: InstalledModel, **kwargs: Any) -> None:
        if installed.path.resolve().is_relative_to(real_dir):
            _require_realmodel_marker(request)
        load(self, installed, **kwargs)

    monkeypatch.setattr(LoadedModel, "__init__", guarded)


@pytest.fixture(scope="session")
def _installed_real_zh_en() -> InstalledModel:
    """The real OPUS-MT zh→en Argos package. Missing → fail loudly, never skip."""
    models_dir = _models_dir()
    found = (
        [m for m in list_installed(models_dir) if m.direction == "zh_en"]
        if models_dir.exists()
        else []
    )
    if not found:
        pytest.fail(
            f"the real zh→en model is not installed in {models_dir}: run `make models` "
            "(or set YIQI_TEST_MODELS_DIR)"
        )
    return found[0]


@pytest.fixture(scope="session")
def _loaded_real_zh_en(_installed_real_zh_en: InstalledModel) -> LoadedModel:
    return LoadedModel(_installed_real_zh_en, options=DecodingOptions(beam_size=2, max_batch=32))


@pytest.fixture
def real_zh_en_package(
    request: pytest.FixtureRequest, _installed_real_zh_en: InstalledModel
) -> InstalledModel:
    _require_realmodel_marker(request)
    return _installed_real_zh_en


@pytest.fixture
def real_zh_en_model(request: pytest.FixtureRequest) -> LoadedModel:
    _require_realmodel_marker(request)  # before the session fixture loads it
    model: LoadedModel = request.getfixturevalue("_loaded_real_zh_en")
    return model


@pytest.fixture(scope="session")
def tiny_zh_en_model(
    tiny_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> LoadedModel:
    """Random weights: real loading and decoding, gibberish out. For plumbing, not language."""
    installed = install_from_file(tiny_packages["zh_en"], tmp_path_factory.mktemp("tiny-models"))
    return LoadedModel(installed, options=DecodingOptions(beam_size=2, max_batch=32))


@pytest.fixture
def zh_en_model(request: pytest.FixtureRequest) -> LoadedModel:
    """The real model for tests marked ``realmodel``, else the tiny one."""
    name = "real_zh_en_model" if _is_realmodel_test(request.node) else "tiny_zh_en_model"
    model: LoadedModel = request.getfixturevalue(name)
    return model


@pytest.fixture
async def real_engine(real_zh_en_model: LoadedModel) -> AsyncIterator[TranslationEngine]:
    engine = TranslationEngine({"zh_en": real_zh_en_model})
    yield engine
    await engine.close()
