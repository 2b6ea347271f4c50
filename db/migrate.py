"""Run Alembic migrations programmatically (the ``yiqi db upgrade`` command and bot start-up)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.problems import not_migrated
from db.urls import sqlite_file

# Next to this file so it is found in an installed package as well as in a checkout.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# PostgreSQL advisory lock key that serializes migrations ("yiqimigr" as a BIGINT).
MIGRATION_LOCK_KEY = int.from_bytes(b"yiqimigr", "big")


@contextmanager
def migrations_serialized(connection: Connection) -> Iterator[None]:
    """On PostgreSQL, one process migrates at a time (shard clusters start together); the
    others wait, then find the database at head. SQLite has one process (``yiqi run``'s lock).

    A session-level lock: it outlives the transactions Alembic commits, and a process that
    dies releases it with its connection.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    connection.commit()  # Alembic begins its own transaction
    try:
        yield
    finally:
        if connection.in_transaction():  # a failed migration: its error is the one to see
            connection.rollback()
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
        connection.commit()


def alembic_config(url: str | None = None) -> Config:
    """An Alembic config pointing at Yiqi's migrations; ``url`` travels outside the ini parser."""
    config = Config()
    # ConfigParser interpolation would choke on a literal "%" in the path.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if url is not None:
        config.attributes["url"] = url
    return config


def upgrade_database(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision``; for callers without a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        command.upgrade(alembic_config(url), revision)
        return
    raise RuntimeError("an event loop is running here: use upgrade_database_async(engine)")


async def upgrade_database_async(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate through an existing engine, from inside a running event loop."""
    # A connection not yet in a transaction: env.py must adjust SQLite pragmas first.
    async with engine.connect() as connection:
        await connection.run_sync(_upgrade_on_connection, revision)


def _upgrade_on_connection(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def open_migrated(url: str) -> AsyncEngine:
    """An engine on the database at ``url``, which must be migrated to head.

    For commands that only use the database: a database that is missing (no SQLite file is
    created for it) or behind the code raises OperatorError saying to run ``yiqi db upgrade``.
    """
    file = sqlite_file(url)
    if file is not None and not file.exists():  # connecting would create it, empty
        raise not_migrated(url, None)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            current = await connection.run_sync(
                lambda sync: MigrationContext.configure(sync).get_current_revision()
            )
    except BaseException:
        await engine.dispose()
        raise
    if current not in ScriptDirectory.from_config(alembic_config()).get_heads():
        await engine.dispose()
        raise not_migrated(url, current)
    return engine
