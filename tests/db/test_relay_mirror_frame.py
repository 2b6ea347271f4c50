"""One render path: a mirror's quote and attachment links survive an edit, a retry and a late
translation, because they are stored with the relay and every render reads them from there.
A long mirror is posted in parts that edits, retries and deletes keep whole."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from bot.services.exchange.bridges import BridgeService
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from db.enums import ChannelKind, RelayStatus
from db.models import RelayedMessage
from tests.support.clock import MovableClock
from tests.support.fixtures import load_tiny_engine
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator

GUILD = 1
EN_CHANNEL, ZH_CHANNEL = 11, 12
EMILY = Author(2, "Emily")
WEI = Author(3, "小伟")
ANSWER = "很辣，但是很好吃"
PHOTO = "https://cdn.example/hotpot.png"
LONG = " ".join(f"Sentence number {n} is about hotpot and tea." for n in range(70))


class FlakySink(RecordingSink):
    """Refuses the first post that contains ``refuse``."""

    def __init__(self, refuse: str) -> None:
        super().__init__()
        self.refuse: str | None = refuse

    async def post(self, channel_id: int, thread_id: int, content: str, author: Author) -> int:
        if self.refuse is not None and self.refuse in content:
            self.refuse = None
            raise ConnectionError("Discord is unreachable")
        return await super().post(channel_id, thread_id, content, author)


async def _relay(sessions: async_sessionmaker[AsyncSession], origin: int) -> RelayedMessage:
    async with sessions() as session:
        row = await session.scalar(
            select(RelayedMessage).where(RelayedMessage.origin_message_id == origin)
        )
        assert row is not None
        return row


def _parts(row: RelayedMessage) -> list[int]:
    assert row.mirror_message_id is not None
    return [row.mirror_message_id, *row.continuation_ids]


class Exchange:
    """Emily asks, 小伟 answers, and Emily replies to his answer (as she sees it) with a photo."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], relay: RelayService, sink: RecordingSink
    ) -> None:
        self.sessions, self.relay, self.sink = sessions, relay, sink
        self.origin_thread = self.mirror_thread = self.answer_mirror = 0

    async def open(self) -> None:
        await BridgeService(self.sessions).link(
            GUILD, (EN_CHANNEL, ChannelKind.TEXT), (ZH_CHANNEL, ChannelKind.TEXT), by=1
        )
        question = await self.relay.open_question(
            self.sink, IncomingMessage(GUILD, EN_CHANNEL, 100, EMILY, "Is hotpot spicy?")
        )
        assert question is not None and question.origin_thread_id and question.mirror_thread_id
        self.origin_thread = question.origin_thread_id
        self.mirror_thread = question.mirror_thread_id
        answer = IncomingMessage(GUILD, ZH_CHANNEL, 101, WEI, ANSWER, self.mirror_thread)
        assert await self.relay.mirror_reply(self.sink, answer)
        answer_mirror = (await _relay(self.sessions, 101)).mirror_message_id
        assert answer_mirror is not None
        self.answer_mirror = answer_mirror

    async def reply(self, message_id: int, text: str) -> None:
        reply = IncomingMessage(
            GUILD,
            EN_CHANNEL,
            message_id,
            EMILY,
            text,
            self.origin_thread,
            attachments=(PHOTO,),
            reply_to_message_id=self.answer_mirror,
        )
        assert await self.relay.mirror_reply(self.sink, reply)


def _framed(content: str) -> bool:
    """The quote of 小伟's answer on top, the photo's link below."""
    return content.startswith("> 很辣，但是很好吃 [↩](") and PHOTO in content.splitlines()


async def test_an_edited_mirror_keeps_its_quote_and_attachment_links(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    sink = RecordingSink()
    relay = RelayService(session_factory, guild_translator(session_factory, TranslationEngine({})))
    chat = Exchange(session_factory, relay, sink)
    await chat.open()
    await chat.reply(102, "Yes, and delicious!")
    [mirror] = _parts(await _relay(session_factory, 102))
    assert _framed(sink.contents[mirror])

    assert await relay.mirror_edit(sink, 102, "Yes, and very delicious!")
    assert sink.edits == [mirror]
    assert "very delicious" in sink.contents[mirror]
    assert _framed(sink.contents[mirror])


async def test_a_retried_mirror_keeps_its_quote_and_attachment_links(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = FlakySink(refuse="delicious")
    relay = RelayService(
        session_factory,
        guild_translator(session_factory, TranslationEngine({})),
        clock=bot_clock,
    )
    chat = Exchange(session_factory, relay, sink)
    await chat.open()
    await chat.reply(102, "Yes, and delicious!")
    assert (await _relay(session_factory, 102)).status is RelayStatus.FAILED

    bot_clock.advance(timedelta(hours=1))
    assert await relay.retry_due(sink) == 1
    [mirror] = _parts(await _relay(session_factory, 102))
    assert "Yes, and delicious!" in sink.contents[mirror]
    assert _framed(sink.contents[mirror])


async def test_a_late_translation_keeps_the_quote_and_attachment_links(
    session_factory: async_sessionmaker[AsyncSession],
    tiny_packages: dict[str, Path],
    tmp_path: Path,
) -> None:
    sink = RecordingSink()
    before = RelayService(session_factory, guild_translator(session_factory, TranslationEngine({})))
    chat = Exchange(session_factory, before, sink)
    await chat.open()
    await chat.reply(102, "Yes, and delicious!")
    [mirror] = _parts(await _relay(session_factory, 102))
    untranslated = sink.contents[mirror]

    engine = await load_tiny_engine([tiny_packages["en_zh"]], tmp_path / "models")
    try:
        after = RelayService(session_factory, guild_translator(session_factory, engine))
        assert await after.translate_unavailable(sink) == 2  # the question and the reply
    finally:
        await engine.close()
    row = await _relay(session_factory, 102)
    assert row.translated_text
    assert sink.contents[mirror] != untranslated
    assert _framed(sink.contents[mirror])


async def test_a_long_mirror_is_posted_in_parts_that_edits_and_deletes_follow(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    sink = RecordingSink()
    relay = RelayService(session_factory, guild_translator(session_factory, TranslationEngine({})))
    chat = Exchange(session_factory, relay, sink)
    await chat.open()
    await chat.reply(102, LONG)
    parts = _parts(await _relay(session_factory, 102))
    assert len(parts) == 2
    assert parts == sorted(parts)  # posted in order
    contents = [sink.contents[part] for part in parts]
    assert all(discord_length(content) <= MESSAGE_LIMIT for content in contents)
    assert contents[0].startswith("> 很辣")  # the quote heads the first part…
    assert PHOTO in contents[-1]  # …the photo and the notice close the last
    assert "Sentence number 0 " in contents[0] and "Sentence number 69 " in contents[-1]

    assert await relay.mirror_edit(sink, 102, "Short now.")  # one part is enough
    [only] = _parts(await _relay(session_factory, 102))
    assert only == parts[0] and parts[1] not in sink.contents
    assert _framed(sink.contents[only])

    assert await relay.mirror_edit(sink, 102, LONG + " Edited.")  # two again
    again = _parts(await _relay(session_factory, 102))
    assert len(again) == 2 and again[0] == only and again[1] not in parts
    assert "Edited." in sink.contents[again[1]]

    assert await relay.mirror_delete(sink, 102)
    assert not set(again) & set(sink.contents)


async def test_a_long_mirror_cut_short_by_a_failure_is_completed_not_doubled(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = FlakySink(refuse="Sentence number 69 ")  # the reply's second part
    relay = RelayService(
        session_factory,
        guild_translator(session_factory, TranslationEngine({})),
        clock=bot_clock,
    )
    chat = Exchange(session_factory, relay, sink)
    await chat.open()
    await chat.reply(102, LONG)
    row = await _relay(session_factory, 102)
    assert row.status is RelayStatus.FAILED
    [first] = _parts(row)

    bot_clock.advance(timedelta(hours=1))
    assert await relay.retry_due(sink) == 1
    parts = _parts(await _relay(session_factory, 102))
    assert len(parts) == 2 and parts[0] == first
    posted = [c for c in sink.contents.values() if "Sentence number" in c]
    assert len(posted) == 2  # the first part was edited in place, only the second was added
    assert "Sentence number 69 " in sink.contents[parts[1]]


async def test_a_reply_to_any_part_of_a_long_mirror_quotes_the_original(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    sink = RecordingSink()
    relay = RelayService(session_factory, guild_translator(session_factory, TranslationEngine({})))
    chat = Exchange(session_factory, relay, sink)
    await chat.open()
    await chat.reply(102, LONG)
    last_part = _parts(await _relay(session_factory, 102))[-1]

    answer = IncomingMessage(
        GUILD, ZH_CHANNEL, 103, WEI, "太长了！", chat.mirror_thread, reply_to_message_id=last_part
    )
    assert await relay.mirror_reply(sink, answer)
    [mirror] = _parts(await _relay(session_factory, 103))
    quote = sink.contents[mirror].splitlines()[0]
    assert quote.startswith("> Sentence number 0 is about hotpot")
    assert quote.endswith(f"/{GUILD}/{chat.origin_thread}/102)")  # links to Emily's post
