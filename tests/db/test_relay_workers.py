"""Relays translated by workers over the local NATS server (issue 13): a worker frozen and
then ``kill -9``-ed mid-burst, or no worker at all, costs no reply. The requests it held time
out (or find no responder), the relay keeps them pending with ``Fault.TRANSLATION``, and the
sweep sends each exactly once, in order, when a worker answers. SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.relay.service import RelayService
from db.models import RelayedMessage
from tests.db.test_relay_exactly_once import Chat, FaultySink
from tests.support.clock import MovableClock
from tests.support.nats_workers import (
    WorkerProcess,
    needs_nats,
    remote_engine,
    running_worker,
    tiny_models,
    unique_prefix,
)
from tests.support.translators import guild_translator

pytestmark = needs_nats
# URLs are protected spans: they come through the (random-weight) model intact, so each
# mirror can be told apart whatever the words around them became.
WORDS = [f"https://example.com/reply{n:02}" for n in range(24)]


def _text(n: int) -> str:
    return f"Thank you very much {WORDS[n]} for your help."


async def _translation_faults(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        found = await session.scalar(
            select(func.count())
            .select_from(RelayedMessage)
            .where(RelayedMessage.fault == "translation")
        )
    return int(found or 0)


async def _sweep_until_all_sent(relay: RelayService, sink: FaultySink, clock: MovableClock) -> None:
    for _ in range(10):  # backoff of failed relays: 10 s, 20 s, …; each sweep is past it
        if all(sink.count(word) for word in WORDS):
            return
        clock.advance(timedelta(minutes=10))
        await relay.retry_due(sink)


async def test_a_worker_killed_mid_burst_loses_and_doubles_no_reply(
    session_factory: async_sessionmaker[AsyncSession],
    bot_clock: MovableClock,
    tiny_data_dir: Path,
) -> None:
    prefix = unique_prefix()
    async with (
        running_worker(tiny_models(tiny_data_dir / "models"), prefix) as survivor,
        remote_engine(prefix, timeout=2.0) as engine,
    ):
        relay = RelayService(
            session_factory, guild_translator(session_factory, engine), clock=bot_clock
        )
        sink = FaultySink()
        chat = Chat(session_factory, relay)
        await chat.open(sink)
        doomed = await WorkerProcess.start(tiny_data_dir, prefix)
        try:
            doomed.freeze()  # it takes its share of the burst and answers none of it
            burst = [relay.mirror_reply(sink, chat.message(300 + n, _text(n))) for n in range(24)]
            await asyncio.gather(*burst)
        finally:
            await doomed.kill()
        held_by_the_dead = await _translation_faults(session_factory)
        await _sweep_until_all_sent(relay, sink, bot_clock)

    assert held_by_the_dead > 0  # the killed worker really held some of the burst
    assert survivor.answered > 0
    assert [sink.count(word) for word in WORDS] == [1] * len(WORDS)
    assert sink.order(WORDS) == WORDS


async def test_with_no_worker_replies_wait_pending_and_go_out_when_one_starts(
    session_factory: async_sessionmaker[AsyncSession],
    bot_clock: MovableClock,
    tiny_data_dir: Path,
) -> None:
    prefix = unique_prefix()
    async with remote_engine(prefix, timeout=2.0) as engine:
        relay = RelayService(
            session_factory, guild_translator(session_factory, engine), clock=bot_clock
        )
        sink = FaultySink()
        chat = Chat(session_factory, relay)
        async with running_worker(tiny_models(tiny_data_dir / "models"), prefix):
            await chat.open(sink)  # the question is mirrored; then the worker goes away
        await asyncio.gather(
            *(relay.mirror_reply(sink, chat.message(300 + n, _text(n))) for n in range(24))
        )
        pending = await _translation_faults(session_factory)
        assert not any(sink.count(word) for word in WORDS)
        worker = await WorkerProcess.start(tiny_data_dir, prefix)
        try:
            await _sweep_until_all_sent(relay, sink, bot_clock)
        finally:
            await worker.kill()

    assert pending == len(WORDS)
    assert [sink.count(word) for word in WORDS] == [1] * len(WORDS)
    assert sink.order(WORDS) == WORDS
