"""Engine set-up: SQLite pragmas and real transactions, UTC timestamps on both backends.

Overlapping transactions: test_engine_concurrency.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import SQLITE_BUSY_TIMEOUT_MS, create_engine
from db.models import Guild, PenpalBlock
from tests.db.scratch_databases import sqlite_url


async def test_sqlite_engine_creates_directory_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "does" / "not" / "exist" / "yiqi.db"
    engine = create_engine(sqlite_url(path))
    try:
        async with engine.connect() as connection:
            foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
            journal_mode = await connection.scalar(text("PRAGMA journal_mode"))
            busy_timeout = await connection.scalar(text("PRAGMA busy_timeout"))
    finally:
        await engine.dispose()
    assert path.parent.is_dir()
    assert (foreign_keys, journal_mode, busy_timeout) == (1, "wal", SQLITE_BUSY_TIMEOUT_MS)


async def test_timestamps_come_back_aware_utc(session: AsyncSession) -> None:
    shanghai = timezone(timedelta(hours=8))
    session.add(Guild(id=1, created_at=datetime(2025, 1, 13, 9, 0, tzinfo=shanghai)))
    await session.commit()
    session.expunge_all()

    guild = await session.get(Guild, 1)
    assert guild is not None
    assert guild.created_at == datetime(2025, 1, 13, 1, 0, tzinfo=UTC)
    assert guild.created_at.utcoffset() == timedelta(0)
    assert guild.updated_at.tzinfo is not None


async def test_naive_datetimes_are_refused(session: AsyncSession) -> None:
    session.add(Guild(id=1, created_at=datetime(2025, 1, 13, 9, 0)))
    with pytest.raises(StatementError, match="naive datetime"):
        await session.flush()


async def test_foreign_keys_are_enforced(session: AsyncSession) -> None:
    session.add(PenpalBlock(guild_id=404, blocker_id=1, blocked_id=2))
    with pytest.raises(IntegrityError, match=r"(?i)foreign key"):
        await session.flush()


async def test_savepoint_rollback_keeps_outer_work(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        session.add(Guild(id=1))
        await session.flush()
        nested = await session.begin_nested()
        session.add(Guild(id=2))
        await session.flush()
        await nested.rollback()
        await session.commit()
    async with session_factory() as session:
        assert list(await session.scalars(select(Guild.id))) == [1]
