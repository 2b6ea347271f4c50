"""Shard clusters IDENTIFY one at a time, 5 seconds apart, whichever process sends it: each
takes a turn through a PostgreSQL advisory lock, held for the spacing. Orders are checked by
seeing the second cluster wait on the lock, never by measuring time."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import load_settings
from bot.shards import ShardedYiqiBot, build_bot
from db.advisory import SpacedTurns
from db.engine import create_engine
from tests.db.conftest import BACKENDS
from tests.db.overlap import until_a_postgres_backend_waits_on_a_lock

POSTGRESQL = [p for p in BACKENDS if p.values == ("postgresql",)]
KEY = 4242
APP_ID = "900000000000000001"


@dataclass
class GatewayLimits:
    max_concurrency: int = 1
    asked: int = 0


@pytest.fixture
async def discord_gateway(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[GatewayLimits]:
    """Discord's REST on loopback: who the bot is, and GET /gateway/bot's session limits."""
    limits = GatewayLimits()

    def reply(body: object) -> web.Response:  # discord.py wants exactly this content type
        return web.Response(
            body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )

    async def me(_: web.Request) -> web.Response:
        return reply({"id": APP_ID, "username": "Yiqi", "discriminator": "0", "avatar": None})

    async def gateway_bot(_: web.Request) -> web.Response:
        limits.asked += 1
        start = {"total": 1000, "remaining": 1000, "reset_after": 0}
        return reply({"url": "wss://127.0.0.1:9", "shards": 4, "session_start_limit": start
                      | {"max_concurrency": limits.max_concurrency}})  # fmt: skip

    app = web.Application()
    app.router.add_get("/api/v10/users/@me", me)
    app.router.add_get("/api/v10/gateway/bot", gateway_bot)
    listener = socket.create_server(("127.0.0.1", 0))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, listener).start()
    base = f"http://127.0.0.1:{listener.getsockname()[1]}/api/v10"
    monkeypatch.setattr(discord.http.Route, "BASE", base)
    yield limits
    await runner.cleanup()


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
async def test_two_clusters_identify_one_after_the_other(
    engine: AsyncEngine, db_url: str, discord_gateway: GatewayLimits
) -> None:
    zero = build_bot(load_settings(shard_count=2, shard_ids=[0], database_url=db_url))
    one = build_bot(load_settings(shard_count=2, shard_ids=[1], database_url=db_url))
    assert isinstance(zero, ShardedYiqiBot) and isinstance(one, ShardedYiqiBot)
    async with zero, one:  # discord.py's own set-up, without the bot's
        await _connected(zero, db_url)
        await _connected(one, db_url)
        await zero.before_identify_hook(0, initial=True)
        waiting = asyncio.create_task(one.before_identify_hook(1, initial=True))
        await until_a_postgres_backend_waits_on_a_lock(engine)
        assert not waiting.done()
        await zero.close()  # its turn passes on (else: 5 seconds after it was taken)
        await waiting
    assert await _advisory_locks(engine) == 0


@pytest.mark.parametrize("backend", POSTGRESQL)
async def test_shards_of_different_buckets_identify_side_by_side(
    engine: AsyncEngine, db_url: str, discord_gateway: GatewayLimits
) -> None:
    """max_concurrency 2: shards 0 and 2 share bucket 0, shards 1 and 3 bucket 1."""
    discord_gateway.max_concurrency = 2
    first = build_bot(load_settings(shard_count=4, shard_ids=[0, 1], database_url=db_url))
    second = build_bot(load_settings(shard_count=4, shard_ids=[2, 3], database_url=db_url))
    assert isinstance(first, ShardedYiqiBot) and isinstance(second, ShardedYiqiBot)
    async with first, second:
        await _connected(first, db_url)
        await _connected(second, db_url)
        await first.before_identify_hook(0, initial=True)  # bucket 0
        await second.before_identify_hook(3, initial=True)  # bucket 1: at once
        assert await _advisory_locks(engine) == 2
        waiting = asyncio.create_task(second.before_identify_hook(2))  # bucket 0: after 0
        await until_a_postgres_backend_waits_on_a_lock(engine)
        assert not waiting.done()
        await first.close()
        await waiting
        await second.close()
    assert discord_gateway.asked == 2  # once per process
    assert await _advisory_locks(engine) == 0


async def _connected(bot: ShardedYiqiBot, db_url: str) -> None:
    """What ``setup_hook`` and login give the hook: the database, and an HTTP session."""
    bot._db_engine = create_engine(db_url)
    await bot.http.static_login("a-token")


def test_only_the_cluster_with_shard_0_syncs_the_commands() -> None:
    url = "postgresql+asyncpg://yiqi@127.0.0.1/yiqi"
    assert build_bot(load_settings(shard_count=2, shard_ids=[0], database_url=url)).syncs_commands
    assert not build_bot(
        load_settings(shard_count=2, shard_ids=[1], database_url=url)
    ).syncs_commands
    assert build_bot(load_settings()).syncs_commands
    assert not build_bot(load_settings(shard_count=2), sync_commands=False).syncs_commands
