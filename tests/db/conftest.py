"""Database fixtures: SQLite always; PostgreSQL too when YIQI_TEST_DATABASE_URL is set.

SQLite: each test gets its own file, copied from one migrated template (``sqlite_template``).
PostgreSQL: one scratch database per test session, migrated once, emptied before each test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.base import Base
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_database
from tests.db.scratch_databases import (
    create_scratch_database,
    drop_scratch_database,
    sqlite_url,
)

POSTGRES_ADMIN_URL = os.environ.get("YIQI_TEST_DATABASE_URL")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    *(
        [pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres)]
        if POSTGRES_ADMIN_URL
        else []
    ),
]


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    assert POSTGRES_ADMIN_URL is not None
    return POSTGRES_ADMIN_URL


@pytest.fixture(scope="session")
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    # Sync fixture: no event loop runs here, so asyncio.run and upgrade_database are allowed.
    url = asyncio.run(create_scratch_database(postgres_admin_url))
    try:
        upgrade_database(url)
        yield url
    finally:
        asyncio.run(drop_scratch_database(postgres_admin_url, url))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        path = tmp_path / "yiqi.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return sqlite_url(path)
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def fresh_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database with no migrations applied."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "fresh.db")
        return
    admin_url: str = request.getfixturevalue("postgres_admin_url")
    url = asyncio.run(create_scratch_database(admin_url))
    try:
        yield url
    finally:
        asyncio.run(drop_scratch_database(admin_url, url))


async def _empty_all_tables(engine: AsyncEngine) -> None:
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
async def engine(db_url: str, backend: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    if backend == "postgresql":
        await _empty_all_tables(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with session_factory() as session:
        yield session
