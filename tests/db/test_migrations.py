"""Migrations: they build the schema the models describe, on both backends."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import Base
from db.engine import create_engine
from db.migrate import MIGRATIONS_DIR, alembic_config, upgrade_database, upgrade_database_async
from tests.db.scratch_databases import sqlite_url


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrated_schema_matches_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(_differences)
        revision = await connection.run_sync(_current_revision)
    assert differences == []
    assert revision == "0003"


def test_migrations_live_next_to_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("0*.py")) == [
        "0001_initial.py",
        "0003_digest_engagement_index.py",
    ]


async def test_upgrade_database_refuses_inside_a_running_loop(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="upgrade_database_async"):
        upgrade_database(sqlite_url(tmp_path / "never.db"))
    assert not (tmp_path / "never.db").exists()


async def test_upgrade_database_async_on_a_fresh_database(fresh_db_url: str) -> None:
    engine = create_engine(fresh_db_url)
    try:
        await upgrade_database_async(engine)
        await upgrade_database_async(engine)  # already at head: a no-op, not an error
        async with engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
            assert await connection.run_sync(_current_revision) == "0003"
    finally:
        await engine.dispose()


def test_downgrade_to_base_and_upgrade_again(fresh_db_url: str) -> None:
    upgrade_database(fresh_db_url)
    command.downgrade(alembic_config(fresh_db_url), "base")
    assert _table_names_of(fresh_db_url) == {"alembic_version"}
    upgrade_database(fresh_db_url)
    assert _table_names_of(fresh_db_url) == {
        "alembic_version",
        *(table.name for table in Base.metadata.sorted_tables),
    }


def _table_names_of(url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_engine(url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(_table_names)
        finally:
            await engine.dispose()

    return asyncio.run(read())
