"""The database drops three times while 60 replies are relayed (issue 11): the next sessions
fail as an unreachable server's would, and on PostgreSQL its connections are also killed
(``pg_terminate_backend``). Incoming events held by the intake buffer,
relays claimed and reconciled by the sweep: every reply is mirrored exactly once, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.services.relay.backfill import relay_once
from bot.services.relay.intake import IncomingEvent, IntakeBuffer
from bot.services.relay.port import Author
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from db.engine import create_engine
from tests.db.test_relay_exactly_once import Chat, FaultySink
from tests.support.clock import MovableClock
from tests.support.translators import guild_translator

KILL_OTHER_CONNECTIONS = text(
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


class DroppingSessions:
    """A session factory whose next ``n`` sessions fail to connect (SQLite's outage)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.failing = 0

    def __call__(self, **kw: Any) -> AsyncSession:
        if self.failing:
            self.failing -= 1
            raise OperationalError("connect", {}, ConnectionRefusedError("database is down"))
        return self._sessions(**kw)


def _outage(backend: str, db_url: str, dropping: DroppingSessions) -> Callable[[], Awaitable[None]]:
    async def kill_connections() -> None:
        killer = create_engine(db_url)
        try:
            async with killer.connect() as connection:
                await connection.execute(KILL_OTHER_CONNECTIONS)
        finally:
            await killer.dispose()

    async def drop() -> None:
        # PostgreSQL: connections in the pool die (pre-ping replaces them) and the next
        # sessions are refused, as while the server restarts; SQLite: refused only.
        if backend == "postgresql":
            await kill_connections()
        dropping.failing = 5

    return drop


async def test_the_database_dropping_three_times_mid_burst_loses_and_doubles_nothing(
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    backend: str,
    db_url: str,
    bot_clock: MovableClock,
) -> None:
    dropping = DroppingSessions(session_factory)
    sessions: Any = dropping
    relay = RelayService(
        sessions, guild_translator(session_factory, TranslationEngine({})), clock=bot_clock
    )
    intake = IntakeBuffer(first_retry=timedelta(milliseconds=1))
    relay.hold_back_behind(intake.holds_before)
    sink = FaultySink()
    chat = Chat(session_factory, relay)
    await chat.open(sink)
    outage = _outage(backend, db_url, dropping)
    words = [f"reply{n:02}" for n in range(60)]

    async def arrive(n: int) -> None:
        message = chat.message(300 + n, words[n])
        apply = partial(
            relay_once,
            session_factory,
            message.message_id,
            partial(relay.mirror_reply, sink, message),
        )
        await intake.submit(IncomingEvent("message", chat.thread, message.message_id, apply))

    posted = sink.post
    outages = iter((10, 25, 40))
    next_outage = next(outages)

    async def post_then_drop(channel: int, thread: int, content: str, author: Author) -> int:
        nonlocal next_outage
        message_id = await posted(channel, thread, content, author)
        if len(sink.contents) >= next_outage:  # while other replies are mid-flight
            next_outage = next(outages, 10**6)
            await outage()
        return message_id

    sink.post = post_then_drop  # type: ignore[method-assign,assignment]
    burst = [asyncio.create_task(arrive(n)) for n in range(60)]  # one gateway burst
    await asyncio.gather(*burst)
    sink.post = posted  # type: ignore[method-assign]
    dropping.failing = 0  # the database is back
    await intake.flushed()
    for _ in range(5):  # claims of sends cut off by the outage expire; the sweep reconciles
        bot_clock.advance(timedelta(minutes=5))
        await relay.retry_due(sink)

    assert intake.counts.buffered > 0 and intake.counts.flushed == intake.counts.buffered
    assert [sink.count(word) for word in words] == [1] * 60
    assert sink.order(words) == words
