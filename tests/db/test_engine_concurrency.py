"""Two read-then-write transactions that really overlap both commit, on either backend.

The get-or-create shape every service has. One process has one SQLite connection, so overlap
on SQLite happens between processes (two engines on one file, like the digest racers); on
PostgreSQL it happens inside one process's pool.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import create_engine, create_sessionmaker
from db.models import Guild
from tests.db.overlap import DEADLINE_S, on_begin_immediate, trace_statements_started


async def _guild_ids(sessions: async_sessionmaker[AsyncSession]) -> list[int]:
    async with sessions() as session:
        return list(await session.scalars(select(Guild.id).order_by(Guild.id)))


async def test_overlapping_read_then_write_transactions_both_commit(
    backend: str, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    if backend == "sqlite":
        await _second_sqlite_process_waits_for_the_writer(db_url)
    else:
        await _transactions_in_one_pool_overlap(session_factory)


async def _second_sqlite_process_waits_for_the_writer(url: str) -> None:
    # With a deferred BEGIN the second transaction would read a snapshot, the first would
    # commit, and the second's write would fail with "database is locked". BEGIN IMMEDIATE
    # makes the second wait (busy_timeout) for the first's write lock instead.
    first, second = create_engine(url), create_engine(url)
    loop = asyncio.get_running_loop()
    first_has_read, second_is_in = asyncio.Event(), asyncio.Event()

    @event.listens_for(second.sync_engine, "after_cursor_execute")
    def second_read(*args: Any) -> None:
        # Reached while the first is still open only if BEGIN stopped taking the lock.
        if str(args[2]).startswith("SELECT"):
            second_is_in.set()

    async def first_writer() -> None:
        async with create_sessionmaker(first)() as session, session.begin():
            await session.scalar(select(Guild.id).limit(1))
            first_has_read.set()
            await second_is_in.wait()
            session.add(Guild(id=1))

    async def second_writer() -> None:
        await first_has_read.wait()
        async with create_sessionmaker(second)() as session, session.begin():
            await session.scalar(select(Guild.id).limit(1))
            session.add(Guild(id=2))

    try:
        await trace_statements_started(second, on_begin_immediate(loop, second_is_in))
        async with asyncio.timeout(DEADLINE_S):
            await asyncio.gather(first_writer(), second_writer())
        assert await _guild_ids(create_sessionmaker(first)) == [1, 2]
    finally:
        await first.dispose()
        await second.dispose()


async def _transactions_in_one_pool_overlap(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    # Both are inside their transactions, having read, before either writes: a pool of one
    # connection would time out at the barrier, SERIALIZABLE would abort one of them.
    both_have_read = asyncio.Barrier(2)

    async def read_then_write(guild_id: int) -> None:
        async with session_factory() as session, session.begin():
            await session.scalar(select(Guild.id).limit(1))
            await both_have_read.wait()
            session.add(Guild(id=guild_id))

    async with asyncio.timeout(DEADLINE_S):
        await asyncio.gather(read_then_write(1), read_then_write(2))
    assert await _guild_ids(session_factory) == [1, 2]
