"""Fault scenarios run the real bot on SimCord over SQLite and PostgreSQL; the bot paces sends
at Discord's real limits on virtual time.

On PostgreSQL the rig's engines arm no statement-expiry timers (see asyncpg_timers)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
import simcord
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.base import Base
from db.migrate import upgrade_database
from tests.db.scratch_databases import create_scratch_database, drop_scratch_database
from tests.support.clock import MovableClock
from tests.support.relay_faults.asyncpg_timers import no_statement_expiry_timers
from tests.support.relay_faults.rig import Rig, open_rig
from tests.support.relay_faults.timing import FaultTime

POSTGRES_ADMIN_URL = os.environ.get("YIQI_TEST_DATABASE_URL")
POSTGRES = (
    [pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]
    if POSTGRES_ADMIN_URL
    else []
)
DATABASES = [pytest.param("sqlite", id="sqlite"), *POSTGRES]


@pytest.fixture(autouse=True)
def _no_statement_expiry_timers() -> Iterator[None]:
    with no_statement_expiry_timers():
        yield


@pytest.fixture(scope="session")
def fault_postgres_url() -> Iterator[str]:
    assert POSTGRES_ADMIN_URL is not None
    url = asyncio.run(create_scratch_database(POSTGRES_ADMIN_URL))
    try:
        upgrade_database(url)
        yield url
    finally:
        asyncio.run(drop_scratch_database(POSTGRES_ADMIN_URL, url))


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


async def _empty(url: str) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    await engine.dispose()


@pytest.fixture
def database_url(database: str, request: pytest.FixtureRequest) -> str | None:
    """None: the bot's own SQLite file (copied from the migrated template). PostgreSQL: the
    session's scratch database, emptied first. Sync: no event loop runs here yet."""
    if database == "sqlite":
        return None
    url: str = request.getfixturevalue("fault_postgres_url")
    asyncio.run(_empty(url))
    return url


@pytest.fixture
def make_settings(bot_data_dir: Path, database_url: str | None) -> Callable[[], Settings]:
    def build() -> Settings:
        # The scenarios call the retry sweep themselves: the scheduler's timer stays far off.
        return Settings(
            data_dir=bot_data_dir,
            database_url=database_url,
            translation_cache=False,
            relay_retry_seconds=3600,
            penpal_match_seconds=86400,
        )

    return build


@pytest.fixture
def fault_time(bot_clock: MovableClock) -> FaultTime:
    return FaultTime(bot_clock)


@pytest.fixture
def translation(zh_en_model: LoadedModel) -> TranslationEngine:
    return TranslationEngine({"zh_en": zh_en_model})


@pytest.fixture
async def simcord_bot(
    make_settings: Callable[[], Settings],
    translation: TranslationEngine,
    fault_time: FaultTime,
    bot_clock: MovableClock,
) -> AsyncIterator[YiqiBot]:
    bot = YiqiBot(make_settings(), translation=translation, time_source=fault_time, clock=bot_clock)
    yield bot
    await bot.close()
    await translation.close()


@pytest.fixture
async def rig(
    simcord_env: simcord.Env,
    simcord_bot: YiqiBot,
    fault_time: FaultTime,
    bot_clock: MovableClock,
    make_settings: Callable[[], Settings],
    translation: TranslationEngine,
) -> AsyncIterator[Rig]:
    opened = await open_rig(
        simcord_env,
        simcord_bot,
        time=fault_time,
        wall=bot_clock,
        make_settings=make_settings,
        engine=translation,
    )
    yield opened
    await opened.close()  # bots started by a restart
