"""Throw-away databases: SQLite files, and uniquely named PostgreSQL databases so parallel runs
and leftovers never collide."""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

PREFIX = "yiqi_test_"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _admin_engine(admin_url: str) -> AsyncEngine:
    # CREATE/DROP DATABASE cannot run inside a transaction.
    return create_async_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


async def create_scratch_database(admin_url: str) -> str:
    """Create an empty database next to ``admin_url``'s and return its URL."""
    name = f"{PREFIX}{secrets.token_hex(6)}"
    engine = _admin_engine(admin_url)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        await engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_scratch_database(admin_url: str, url: str) -> None:
    """Drop a database made by create_scratch_database, even if connections linger."""
    name = make_url(url).database
    assert name is not None
    assert name.startswith(PREFIX)  # never drop anything this module did not create
    engine = _admin_engine(admin_url)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await engine.dispose()
