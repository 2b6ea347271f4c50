"""Shard clusters IDENTIFY one at a time, 5 seconds apart, whichever process sends it: each
takes a turn through a PostgreSQL advisory lock, held for the spacing. Orders are checked by
seeing the second cluster wait on the lock, never by measuring time."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import load_settings
from bot.shards import ShardedYiqiBot, build_bot
from db.advisory import SpacedTurns
from db.engine import create_engine
from tests.db.conftest import BACKENDS
from tests.db.overlap import until_a_postgres_backend_waits_on_a_lock

POSTGRESQL = [p for p in BACKENDS if p.values == ("postgresql",)]
KEY = 4242


async def _advisory_locks(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        held = await connection.exec_driver_sql(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return int(held.scalar() or 0)


@pytest.mark.parametrize("backend", POSTGRESQL)
async def test_a_turn_passes_to_the_next_process_once_its_spacing_is_over(
    engine: AsyncEngine, db_url: str
) -> None:
    other_engine = create_engine(db_url)
    first, second = SpacedTurns(engine, KEY, 0.05), SpacedTurns(other_engine, KEY, 0.05)
    try:
        await first.take()
        waiting = asyncio.create_task(second.take())
        await until_a_postgres_backend_waits_on_a_lock(engine)
        assert not waiting.done()
        await waiting  # the first turn passed on by itself
    finally:
        await first.close()
        await second.close()
        await other_engine.dispose()
    assert await _advisory_locks(engine) == 0


@pytest.mark.parametrize("backend", POSTGRESQL)
async def test_a_stopping_process_passes_its_turn_on_at_once(
    engine: AsyncEngine, db_url: str
) -> None:
    other_engine = create_engine(db_url)
    first, second = SpacedTurns(engine, KEY, 3600), SpacedTurns(other_engine, KEY, 3600)
    try:
        await first.take()
        waiting = asyncio.create_task(second.take())
        await until_a_postgres_backend_waits_on_a_lock(engine)
        await first.close()
        await waiting
        assert await _advisory_locks(engine) == 1  # the second's turn, on its own connection
    finally:
        await second.close()
        await other_engine.dispose()
    assert await _advisory_locks(engine) == 0  # no pooled connection kept a lock


@pytest.mark.parametrize("backend", POSTGRESQL)
async def test_two_clusters_identify_one_after_the_other(engine: AsyncEngine, db_url: str) -> None:
    zero = build_bot(load_settings(shard_count=2, shard_ids=[0], database_url=db_url))
    one = build_bot(load_settings(shard_count=2, shard_ids=[1], database_url=db_url))
    assert isinstance(zero, ShardedYiqiBot) and isinstance(one, ShardedYiqiBot)
    async with zero, one:  # discord.py's own set-up, without logging in
        zero._db_engine, one._db_engine = create_engine(db_url), create_engine(db_url)
        await zero.before_identify_hook(0, initial=True)
        waiting = asyncio.create_task(one.before_identify_hook(1, initial=True))
        await until_a_postgres_backend_waits_on_a_lock(engine)
        assert not waiting.done()
        await zero.close()  # its turn passes on (else: 5 seconds after it was taken)
        await waiting
    assert await _advisory_locks(engine) == 0


def test_only_the_cluster_with_shard_0_syncs_the_commands() -> None:
    url = "postgresql+asyncpg://yiqi@127.0.0.1/yiqi"
    assert build_bot(load_settings(shard_count=2, shard_ids=[0], database_url=url)).syncs_commands
    assert not build_bot(
        load_settings(shard_count=2, shard_ids=[1], database_url=url)
    ).syncs_commands
    assert build_bot(load_settings()).syncs_commands
    assert not build_bot(load_settings(shard_count=2), sync_commands=False).syncs_commands
