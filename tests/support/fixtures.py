"""Shared pytest fixtures; register with ``pytest_plugins = ["tests.support.fixtures"]``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.translation.cache import TranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.packages import install_from_file, list_installed
from bot.translation.runtime import DecodingOptions
from db.migrate import upgrade_database
from tests.db.scratch_databases import sqlite_url
from tests.support.clock import MovableClock
from tests.support.discord_api.conformance import ConformanceChecker, describe
from tests.support.discord_api.watch import RequestWatch, watching_simcord_requests
from tests.support.tiny_argos import build_tiny_package


@pytest.fixture(scope="session")
def tiny_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Random-weight ``.argosmodel`` archives for both directions, built once per session."""
    dest = tmp_path_factory.mktemp("tiny-argos")
    return {
        "en_zh": build_tiny_package(dest, "en", "zh"),
        "zh_en": build_tiny_package(dest, "zh", "en"),
    }


async def load_tiny_engine(
    archives: list[Path],
    models_dir: Path,
    *,
    beam_size: int = 2,
    cache: TranslationCache | None = None,
) -> TranslationEngine:
    """An engine over the tiny packages given (installed into ``models_dir``)."""
    for archive in archives:
        install_from_file(archive, models_dir)
    return await asyncio.to_thread(
        TranslationEngine.load,
        list_installed(models_dir),
        options=DecodingOptions(beam_size=beam_size, max_batch=8),
        cache=cache,
        isolate=False,  # known-good packages, probed at install already
    )


@pytest.fixture
async def tiny_engine(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> AsyncIterator[TranslationEngine]:
    """Both directions on the random-weight tiny packages (plumbing, not translation quality)."""
    engine = await load_tiny_engine(list(tiny_packages.values()), tmp_path / "models")
    yield engine
    await engine.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once per session; tests and bots start on copies of it."""
    path = tmp_path_factory.mktemp("template") / "yiqi.db"
    upgrade_database(sqlite_url(path))
    return path


@pytest.fixture
def bot_clock() -> MovableClock:
    """The wall clock the bot (or a service) reads; a test moves it with ``advance``."""
    return MovableClock()


@pytest.fixture(scope="session")
def discord_api_checker() -> ConformanceChecker:
    return ConformanceChecker()


@pytest.fixture(autouse=True)
def discord_api_conformance(discord_api_checker: ConformanceChecker) -> Iterator[RequestWatch]:
    """Every request the bot makes into SimCord must be one Discord documents.

    Autouse, so it is set up before and torn down after every SimCord fixture: requests made
    while a bot starts or closes count too. Violations fail the test at teardown; a test that
    provokes one on purpose asserts on ``violations`` and clears them.
    """
    with watching_simcord_requests(discord_api_checker) as watch:
        yield watch
    if watch.violations:
        pytest.fail(describe(watch.violations), pytrace=False)


@pytest.fixture(scope="session")
def tiny_data_dir(tiny_packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with both tiny packages installed (``yiqi`` subprocesses read it)."""
    data_dir = tmp_path_factory.mktemp("tiny-data")
    for archive in tiny_packages.values():
        install_from_file(archive, data_dir / "models")
    return data_dir
