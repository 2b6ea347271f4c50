"""Exactly once per mirror, by construction (issue 11): relays are claimed before they are sent,
a post whose answer was lost is found instead of sent again, per-thread order survives a
failed message, edits and deletes that arrive while a relay waits are what its mirror ends
up showing, and faults are classified (retried with backoff, or dead-lettered).

Service level, on SQLite and PostgreSQL; a second ``RelayService`` with its own owner stands for
a second process on the same database."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeService
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from db.enums import ChannelKind, RelayStatus
from db.models import RelayedMessage
from tests.support.clock import MovableClock
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator

GUILD = 1
EN_CHANNEL, ZH_CHANNEL = 11, 12
EMILY = Author(2, "Emily")


class HTTPError(Exception):
    """What Discord answers, reduced to what the relay reads (status, JSON code)."""

    def __init__(self, status: int, code: int = 0) -> None:
        super().__init__(f"{status} (error code: {code})")
        self.status, self.code = status, code


class FaultySink(RecordingSink):
    """Posts containing a marker fail in a chosen way, ``times`` times."""

    def __init__(self) -> None:
        super().__init__()
        self.faults: dict[str, tuple[BaseException, bool, int]] = {}
        self.posts: Counter[str] = Counter()  # every post Discord took, by content

    def fail(
        self, marker: str, error: BaseException, *, taken: bool = False, times: int = 1
    ) -> None:
        """``taken``: Discord keeps the post, only its answer is lost."""
        self.faults[marker] = (error, taken, times)

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        for marker, (error, taken, times) in list(self.faults.items()):
            if marker in content and times > 0:
                self.faults[marker] = (error, taken, times - 1)
                if taken:
                    await super().post(channel_id, thread_id, content, author)
                    self.posts[content] += 1
                raise error
        self.posts[content] += 1
        return await super().post(channel_id, thread_id, content, author)

    def count(self, marker: str) -> int:
        return sum(n for content, n in self.posts.items() if marker in content)

    def order(self, markers: list[str]) -> list[str]:
        """The markers in the order their posts still on Discord were made."""
        shown = [c for _, c in sorted(self.contents.items())]
        return [m for c in shown for m in markers if m in c]


class Chat:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], relay: RelayService) -> None:
        self.sessions, self.relay = sessions, relay
        self.thread = 0

    async def open(self, sink: RecordingSink) -> None:
        await BridgeService(self.sessions).link(
            GUILD, (EN_CHANNEL, ChannelKind.TEXT), (ZH_CHANNEL, ChannelKind.TEXT), by=1
        )
        opened = await self.relay.open_question(
            sink, IncomingMessage(GUILD, EN_CHANNEL, 100, EMILY, "Is hotpot spicy?")
        )
        assert opened is not None and opened.origin_thread_id and opened.mirror_thread_id
        self.thread = opened.origin_thread_id

    def message(self, message_id: int, text: str) -> IncomingMessage:
        return IncomingMessage(GUILD, EN_CHANNEL, message_id, EMILY, text, self.thread)


async def _row(sessions: async_sessionmaker[AsyncSession], origin: int) -> RelayedMessage:
    async with sessions() as session:
        row = await session.scalar(
            select(RelayedMessage).where(RelayedMessage.origin_message_id == origin)
        )
        assert row is not None
        return row


async def _until_posting(sessions: async_sessionmaker[AsyncSession], origin: int) -> None:
    """Let the loop run until the relay of ``origin`` has recorded its post as under way."""
    while True:
        async with sessions() as session:
            started = await session.scalar(
                select(RelayedMessage.attempt_started_at).where(
                    RelayedMessage.origin_message_id == origin
                )
            )
        if started is not None:
            return
        await asyncio.sleep(0)


def _service(
    sessions: async_sessionmaker[AsyncSession], clock: MovableClock, owner: str
) -> RelayService:
    translator = guild_translator(sessions, TranslationEngine({}))
    return RelayService(sessions, translator, clock=clock, owner=owner)


async def _opened(
    sessions: async_sessionmaker[AsyncSession], clock: MovableClock
) -> tuple[FaultySink, RelayService, Chat]:
    """One process's relay with a question open in a bridge, on a sink that can fail."""
    sink = FaultySink()
    relay = _service(sessions, clock, "one")
    chat = Chat(sessions, relay)
    await chat.open(sink)
    return sink, relay, chat


async def test_two_processes_sweeping_the_same_failed_relays_post_each_once(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = FaultySink()
    one, two = (_service(session_factory, bot_clock, name) for name in ("one", "two"))
    chat = Chat(session_factory, one)
    await chat.open(sink)
    sink.fail("msg00", ConnectionError("Discord is unreachable"))
    for n in range(30):  # the first fails; the others wait behind it, in order
        await one.mirror_reply(sink, chat.message(200 + n, f"msg{n:02}"))
    assert sink.count("msg") == 0
    bot_clock.advance(timedelta(hours=1))

    shown = await asyncio.gather(one.retry_due(sink), two.retry_due(sink))

    assert sum(shown) == 30
    assert [sink.count(f"msg{n:02}") for n in range(30)] == [1] * 30
    assert sink.order([f"msg{n:02}" for n in range(30)]) == [f"msg{n:02}" for n in range(30)]


async def test_a_sweep_never_takes_a_relay_its_sender_still_holds(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = RecordingSink()
    relay = _service(session_factory, bot_clock, "one")
    chat = Chat(session_factory, relay)
    await chat.open(sink)
    gate = asyncio.Event()
    posted = sink.post

    async def slow_post(channel_id: int, thread_id: int, content: str, author: Author) -> int:
        await gate.wait()  # the pacer holds the send: the relay is older than a sweep's wait
        return await posted(channel_id, thread_id, content, author)

    sink.post = slow_post  # type: ignore[method-assign]
    sending = asyncio.create_task(relay.mirror_reply(sink, chat.message(200, "still waiting")))
    await _until_posting(session_factory, 200)
    bot_clock.advance(timedelta(seconds=90))  # the old code retried everything after 60 s
    other = _service(session_factory, bot_clock, "two")
    assert await relay.retry_due(sink) == 0
    assert await other.retry_due(sink) == 0
    gate.set()
    await sending
    assert list(sink.contents.values()).count(sink.contents[max(sink.contents)]) == 1
    assert (await _row(session_factory, 200)).status is RelayStatus.DELIVERED


async def test_a_post_whose_answer_was_lost_is_found_not_sent_again(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    sink.fail("lost answer", TimeoutError(), taken=True)
    await relay.mirror_reply(sink, chat.message(200, "lost answer"))
    row = await _row(session_factory, 200)
    assert row.status is RelayStatus.FAILED and row.fault == "timeout"
    bot_clock.advance(timedelta(hours=1))

    assert await relay.retry_due(sink) == 1

    assert sink.count("lost answer") == 1
    row = await _row(session_factory, 200)
    assert row.status is RelayStatus.DELIVERED and row.mirror_message_id in sink.contents


async def test_the_same_words_mirrored_before_are_not_mistaken_for_a_lost_post(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    await relay.mirror_reply(sink, chat.message(200, "ok"))
    sink.fail("ok", TimeoutError(), taken=False)  # this time Discord never got it
    await relay.mirror_reply(sink, chat.message(201, "ok"))
    bot_clock.advance(timedelta(hours=1))

    assert await relay.retry_due(sink) == 1

    assert sink.count("ok") == 2
    first, second = await _row(session_factory, 200), await _row(session_factory, 201)
    assert first.mirror_message_id != second.mirror_message_id


async def test_after_a_failed_message_later_ones_wait_and_arrive_in_order(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    sink.fail("second", HTTPError(503))
    for n, word in enumerate(["first", "second", "third", "fourth"]):
        await relay.mirror_reply(sink, chat.message(200 + n, word))
    assert sink.count("third") == 0  # held back behind "second", not sent out of order

    bot_clock.advance(timedelta(minutes=1))
    assert await relay.retry_due(sink) == 3

    assert sink.order(["first", "second", "third", "fourth"]) == [
        "first",
        "second",
        "third",
        "fourth",
    ]


async def test_deleted_while_queued_is_never_posted(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    sink.fail("call me at", HTTPError(502))
    await relay.mirror_reply(sink, chat.message(200, "call me at 555-0100"))
    assert await relay.mirror_delete(sink, 200)
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    assert sink.count("555-0100") == 0
    row = await _row(session_factory, 200)
    assert row.is_deleted and row.mirror_removed and row.status is RelayStatus.DELIVERED


async def test_deleted_while_its_answer_was_lost_takes_the_post_down(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    sink.fail("555-0100", TimeoutError(), taken=True)
    await relay.mirror_reply(sink, chat.message(200, "call me at 555-0100"))
    await relay.mirror_delete(sink, 200)

    assert not [c for c in sink.contents.values() if "555-0100" in c]


async def test_edited_while_queued_the_mirror_shows_the_latest_text(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    sink.fail("typo", HTTPError(500))
    await relay.mirror_reply(sink, chat.message(200, "a typo here"))
    await relay.mirror_edit(sink, 200, "fixed it")
    await relay.mirror_edit(sink, 200, "fixed it twice")
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    row = await _row(session_factory, 200)
    assert row.mirror_message_id is not None
    assert "fixed it twice" in sink.contents[row.mirror_message_id]
    assert sink.count("typo") == 0 and row.mirrored_revision == row.revision == 2


async def test_a_delete_that_overtakes_the_store_of_its_message_wins(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    """Each gateway event is its own task: the delete may look before the message is stored."""
    sink, relay, chat = await _opened(session_factory, bot_clock)
    assert not await relay.mirror_delete(sink, 200)  # nothing stored yet
    await relay.mirror_reply(sink, chat.message(200, "call me at 555-0100"))
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    assert sink.count("555-0100") == 0
    assert (await _row(session_factory, 200)).is_deleted


async def test_an_edit_that_overtakes_the_store_of_its_message_is_mirrored(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    assert not await relay.mirror_edit(sink, 200, "fixed it")
    await relay.mirror_reply(sink, chat.message(200, "a typo here"))
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    row = await _row(session_factory, 200)
    assert row.mirror_message_id is not None
    assert "fixed it" in sink.contents[row.mirror_message_id]
    assert not [c for c in sink.contents.values() if "typo" in c]


async def test_a_question_deleted_before_it_was_stored_opens_no_mirror(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = FaultySink()
    relay = _service(session_factory, bot_clock, "one")
    await BridgeService(session_factory).link(
        GUILD, (EN_CHANNEL, ChannelKind.TEXT), (ZH_CHANNEL, ChannelKind.TEXT), by=1
    )
    await relay.mirror_delete(sink, 100)
    opened = await relay.open_question(
        sink, IncomingMessage(GUILD, EN_CHANNEL, 100, EMILY, "Free Nitro here")
    )
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    assert opened is None
    assert not [c for c in sink.contents.values() if "Free Nitro" in c] and not sink.threads


async def test_deletes_racing_the_store_of_their_messages_leave_no_mirror(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    """Message and delete handled side by side, as discord.py dispatches them."""
    sink, relay, chat = await _opened(session_factory, bot_clock)
    handlers = []
    for number in range(12):
        message = chat.message(200 + number, f"secret number {number}")
        handlers += [relay.mirror_reply(sink, message), relay.mirror_delete(sink, 200 + number)]
    await asyncio.gather(*handlers)
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    # A mirror posted before its delete was seen is taken down again; none stays.
    assert not [c for c in sink.contents.values() if "secret number" in c]


async def test_a_failed_edit_is_retried_until_the_mirror_shows_it(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    await relay.mirror_reply(sink, chat.message(200, "before"))
    edit = sink.edit

    async def refused_once(channel_id: int, thread_id: int, message_id: int, content: str) -> None:
        sink.edit = edit  # type: ignore[method-assign]
        raise HTTPError(502)

    sink.edit = refused_once  # type: ignore[method-assign]
    await relay.mirror_edit(sink, 200, "after")
    assert (await _row(session_factory, 200)).status is RelayStatus.FAILED
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    row = await _row(session_factory, 200)
    assert row.status is RelayStatus.DELIVERED
    assert row.mirror_message_id and "after" in sink.contents[row.mirror_message_id]


async def test_a_purge_takes_every_mirror_down(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    for n in range(3):
        await relay.mirror_reply(sink, chat.message(200 + n, f"spam {n}"))
    assert await relay.messages_deleted(sink, [200, 201, 202, 999]) == 3
    assert not [c for c in sink.contents.values() if "spam" in c]


async def test_a_mirror_a_moderator_deleted_is_not_brought_back(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    await relay.mirror_reply(sink, chat.message(200, "rude words"))
    mirror = (await _row(session_factory, 200)).mirror_message_id
    assert mirror is not None
    sink.contents.pop(mirror)  # the moderator deletes it on Discord
    assert await relay.mirror_delete(sink, mirror)
    await relay.mirror_edit(sink, 200, "even ruder words")
    bot_clock.advance(timedelta(hours=1))
    await relay.retry_due(sink)

    assert not [c for c in sink.contents.values() if "rude" in c]
    row = await _row(session_factory, 200)
    assert row.mirror_removed and row.status is RelayStatus.DELIVERED


async def test_permanent_faults_are_dead_lettered_after_three_attempts(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink, relay, chat = await _opened(session_factory, bot_clock)
    sink.fail("forbidden", HTTPError(403, 50013), times=10)
    await relay.mirror_reply(sink, chat.message(200, "forbidden"))
    for _ in range(5):
        bot_clock.advance(timedelta(hours=2))
        await relay.retry_due(sink)

    row = await _row(session_factory, 200)
    assert (row.status, row.attempts, row.fault) == (RelayStatus.DEAD, 3, "missing_permissions")
    assert row.next_retry_at is None and sink.count("forbidden") == 0


async def test_transient_faults_back_off_and_stop_after_the_limit(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = FaultySink()
    translator = guild_translator(session_factory, TranslationEngine({}))
    relay = RelayService(session_factory, translator, clock=bot_clock, max_attempts=4)
    chat = Chat(session_factory, relay)
    await chat.open(sink)
    sink.fail("busy", HTTPError(429), times=100)
    await relay.mirror_reply(sink, chat.message(200, "busy"))
    first = await _row(session_factory, 200)
    assert first.status is RelayStatus.FAILED and first.fault == "rate_limited"
    assert first.next_retry_at is not None
    delay = first.next_retry_at - bot_clock()
    assert timedelta(seconds=7) <= delay <= timedelta(seconds=13)  # 10 s, give or take jitter
    assert await relay.retry_due(sink) == 0  # not due yet
    for _ in range(5):
        bot_clock.advance(timedelta(hours=2))
        await relay.retry_due(sink)

    row = await _row(session_factory, 200)
    assert (row.status, row.attempts) == (RelayStatus.DEAD, 4)


async def test_a_clean_shutdown_frees_what_it_held_for_the_next_start(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = RecordingSink()
    before = _service(session_factory, bot_clock, "before")
    chat = Chat(session_factory, before)
    await chat.open(sink)
    blocked = asyncio.Event()
    posted = sink.post

    async def stuck(channel_id: int, thread_id: int, content: str, author: Author) -> int:
        await blocked.wait()
        return await posted(channel_id, thread_id, content, author)

    sink.post = stuck  # type: ignore[method-assign]
    sending = asyncio.create_task(before.mirror_reply(sink, chat.message(200, "mid-burst")))
    await _until_posting(session_factory, 200)
    sending.cancel()  # the grace period ran out
    assert await before.release_claims() == 1
    sink.post = posted  # type: ignore[method-assign]

    after = _service(session_factory, bot_clock, "after")
    assert await after.retry_due(sink) == 1
    assert [c for c in sink.contents.values() if "mid-burst" in c]
