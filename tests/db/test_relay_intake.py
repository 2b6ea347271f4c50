"""Nothing lost when the database blips (issue 11, item 4): held events reach the mirror
exactly once, in order, once the database answers; overflow is counted and read back."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from functools import partial
from typing import Any, cast

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeService
from bot.services.relay.backfill import relay_once
from bot.services.relay.intake import IncomingEvent, IntakeBuffer
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from db.enums import ChannelKind
from db.models import RelayedMessage
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator

GUILD = 1
EMILY = Author(2, "Emily")
WEI = Author(3, "小伟")


class Outage:
    """A session factory whose database can be taken away: while ``down``, opening a session
    raises what SQLAlchemy raises for a refused connection."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.down = False
        self.refused = 0

    def __call__(self) -> AsyncSession:
        if self.down:
            self.refused += 1
            raise OperationalError("connect", {}, ConnectionRefusedError("database is down"))
        return self._sessions()


def quick_buffer(capacity: int = 100) -> IntakeBuffer:
    return IntakeBuffer(
        capacity=capacity,
        first_retry=timedelta(milliseconds=1),
        longest_retry=timedelta(milliseconds=5),
    )


async def _relays(sessions: async_sessionmaker[AsyncSession]) -> list[RelayedMessage]:
    async with sessions() as session:
        return list(await session.scalars(select(RelayedMessage).order_by(RelayedMessage.id)))


async def _setup(
    session_factory: async_sessionmaker[AsyncSession],
) -> tuple[Outage, RelayService, RecordingSink, int]:
    """A bridge and one question, stored while the database is up; its mirror thread id."""
    await BridgeService(session_factory).link(
        GUILD, (11, ChannelKind.TEXT), (12, ChannelKind.TEXT), by=1
    )
    outage = Outage(session_factory)
    sessions = cast(async_sessionmaker[AsyncSession], outage)
    relay = RelayService(sessions, guild_translator(session_factory, TranslationEngine({})))
    sink = RecordingSink()
    question = await relay.open_question(
        sink, IncomingMessage(GUILD, 11, 100, EMILY, "Does everyone own a panda?")
    )
    assert question is not None and question.mirror_thread_id is not None
    return outage, relay, sink, question.mirror_thread_id


def reply_event(
    outage: Outage, relay: RelayService, sink: RecordingSink, thread: int, number: int
) -> IncomingEvent:
    message = IncomingMessage(GUILD, 12, 200 + number, WEI, f"回复{number}", thread)
    sessions = cast(async_sessionmaker[AsyncSession], outage)
    apply = partial(
        relay_once, sessions, message.message_id, partial(relay.mirror_reply, sink, message)
    )
    return IncomingEvent("message", thread, message.message_id, apply)


def mirrored_order(rows: list[RelayedMessage]) -> list[int]:
    """The replies' origin ids in the order their mirrors were posted (the sink's ids grow)."""
    shown = [row for row in rows[1:] if not row.is_deleted]
    posted = sorted((row.mirror_message_id or 0, row.origin_message_id) for row in shown)
    assert all(mirror for mirror, _ in posted)
    return [origin for _, origin in posted]


async def test_replies_edits_and_deletes_held_during_an_outage_are_relayed_once_in_order(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    outage, relay, sink, thread = await _setup(session_factory)
    buffer = quick_buffer()
    assert await buffer.submit(reply_event(outage, relay, sink, thread, 0))  # database up

    outage.down = True
    for number in range(1, 6):
        assert not await buffer.submit(reply_event(outage, relay, sink, thread, number))
    edit = partial(relay.mirror_edit, sink, 202, "回复2（改过）")
    delete = partial(relay.mirror_delete, sink, 203)
    await buffer.submit(IncomingEvent("edit", thread, 202, edit))
    await buffer.submit(IncomingEvent("delete", thread, 203, delete))
    assert buffer.counts.buffered == 7
    assert [event.message_id for event in buffer.held] == [201, 202, 203, 204, 205, 202, 203]
    while outage.refused < 3:  # the flusher keeps trying (with backoff) while it is down
        await asyncio.sleep(0.001)
    assert len(await _relays(session_factory)) == 2  # the question and reply 0, nothing more

    outage.down = False
    await buffer.flushed()
    assert (buffer.counts.buffered, buffer.counts.flushed, buffer.counts.dropped) == (7, 7, 0)
    assert len(buffer) == 0
    rows = await _relays(session_factory)
    assert [row.origin_message_id for row in rows] == [100, 200, 201, 202, 203, 204, 205]
    assert mirrored_order(rows) == [200, 201, 202, 204, 205]  # each once, in order
    by_origin = {row.origin_message_id: row for row in rows}
    assert by_origin[202].is_edited and by_origin[202].original_text == "回复2（改过）"
    assert by_origin[203].is_deleted
    assert not [text for text in sink.contents.values() if "回复3" in text]  # mirror taken down
    edited = by_origin[202].mirror_message_id
    assert edited is not None and "回复2（改过）" in sink.contents[edited]


async def test_overflow_is_counted_and_the_channel_read_back_from_the_first_dropped_message(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    outage, relay, sink, thread = await _setup(session_factory)
    buffer = quick_buffer(capacity=3)
    read_back: list[dict[int, int]] = []

    async def recover(dropped: dict[int, int]) -> None:
        read_back.append(dropped)
        for number in (4, 5):  # what the channel's history still has: relayed as new
            await buffer.submit(reply_event(outage, relay, sink, thread, number))

    buffer.set_recovery(recover)
    outage.down = True
    for number in range(1, 6):
        await buffer.submit(reply_event(outage, relay, sink, thread, number))
    assert (buffer.counts.buffered, buffer.counts.dropped) == (3, 2)

    outage.down = False
    await buffer.flushed()
    assert read_back == [{thread: 204}]
    assert buffer.counts.flushed == 3
    rows = await _relays(session_factory)
    assert [row.origin_message_id for row in rows] == [100, 201, 202, 203, 204, 205]
    assert mirrored_order(rows) == list(range(201, 206))


async def test_a_message_stored_already_is_not_relayed_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    outage, relay, sink, thread = await _setup(session_factory)
    buffer = quick_buffer()
    twice = [reply_event(outage, relay, sink, thread, 1) for _ in range(2)]
    # A live event racing the back-fill (or a second process) for the same message.
    await asyncio.gather(*(buffer.submit(event) for event in twice))
    await buffer.submit(twice[0])  # and once more, later
    rows = await _relays(session_factory)
    assert [row.origin_message_id for row in rows] == [100, 201]
    assert mirrored_order(rows) == [201]
    assert len(sink.contents) == 2  # the question's mirror and one reply's


async def test_shutdown_gives_the_flush_its_grace_then_reports_what_is_still_held(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    outage, relay, sink, thread = await _setup(session_factory)
    buffer = IntakeBuffer(first_retry=timedelta(hours=1))  # a long wait: drain() cuts it short
    outage.down = True
    for number in range(1, 4):
        await buffer.submit(reply_event(outage, relay, sink, thread, number))
    assert await buffer.drain(0.0) == 3
    assert "3 incoming events still held" in caplog.text
    assert f"{{{thread}: 201}}" in caplog.text

    buffer = IntakeBuffer(first_retry=timedelta(hours=1))
    for number in range(4, 6):
        await buffer.submit(reply_event(outage, relay, sink, thread, number))
    outage.down = False
    assert await buffer.drain(60.0) == 0  # retried at once, not after the hour
    rows = await _relays(session_factory)
    assert [row.origin_message_id for row in rows] == [100, 204, 205]


async def test_errors_other_than_an_outage_reach_the_listener(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    buffer = quick_buffer()

    async def broken() -> Any:
        raise ValueError("a bug, not a blip")

    with pytest.raises(ValueError, match="a bug"):
        await buffer.submit(IncomingEvent("message", 1, 2, broken))
    assert buffer.counts.buffered == 0
