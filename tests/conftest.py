"""Shared fixtures. The real zh→en model comes from the data directory (``make models``)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.translation.engine import TranslationEngine
from bot.translation.packages import InstalledModel, list_installed
from bot.translation.runtime import DecodingOptions, LoadedModel

pytest_plugins = ["tests.support.fixtures"]

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


@pytest.fixture(scope="session")
def real_zh_en_package() -> InstalledModel:
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
def real_zh_en_model(real_zh_en_package: InstalledModel) -> LoadedModel:
    return LoadedModel(real_zh_en_package, options=DecodingOptions(beam_size=2, max_batch=32))


@pytest.fixture
async def real_engine(real_zh_en_model: LoadedModel) -> AsyncIterator[TranslationEngine]:
    engine = TranslationEngine({"zh_en": real_zh_en_model})
    yield engine
    await engine.close()
