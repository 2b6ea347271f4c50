"""The relay's conversation lookup: a question's threads, or an active pen-pal pair's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Catalogs, install_catalogs, installed_catalogs
from bot.services.relay.conversation import conversation_closed, find_conversation
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from db.enums import Script, Side
from db.models import Guild, Member, PenpalPair, Question, RelayedMessage
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator

GUILD = 7


async def _setup(session: AsyncSession) -> tuple[int, int]:
    session.add(Guild(id=GUILD, penpal_en_channel_id=100, penpal_zh_channel_id=200))
    await session.flush()
    question = Question(
        guild_id=GUILD,
        asker_id=5,
        origin_side=Side.ZH,
        title="你家有大熊猫吗？",
        origin_channel_id=20,
        origin_thread_id=21,
        mirror_channel_id=10,
        mirror_thread_id=11,
    )
    pair = PenpalPair(
        guild_id=GUILD, en_user_id=1, zh_user_id=2, en_thread_id=101, zh_thread_id=201
    )
    session.add_all([question, pair])
    await session.flush()
    return question.id, pair.id


async def test_threads_resolve_to_their_conversation_and_side(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        question_id, pair_id = await _setup(session)
    async with session_factory() as session:
        asked = await find_conversation(session, 21)
        answered = await find_conversation(session, 11)
        en = await find_conversation(session, 101)
        zh = await find_conversation(session, 201)
        nothing = await find_conversation(session, 999)
    assert asked is not None and asked.question_id == question_id and asked.side is Side.ZH
    assert (asked.mirror_channel_id, asked.mirror_thread_id) == (10, 11)
    assert answered is not None and answered.side is Side.EN and answered.mirror_thread_id == 21
    assert en is not None and en.penpal_pair_id == pair_id and en.question_id is None
    assert (en.side, en.mirror_channel_id, en.mirror_thread_id) == (Side.EN, 200, 201)
    assert zh is not None and (zh.side, zh.mirror_channel_id, zh.mirror_thread_id) == (
        Side.ZH,
        100,
        101,
    )
    assert nothing is None


async def test_an_ended_pair_is_no_conversation_any_more(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        _question_id, pair_id = await _setup(session)
        relay = RelayedMessage(
            guild_id=GUILD,
            penpal_pair_id=pair_id,
            origin_side=Side.ZH,
            author_id=2,
            origin_message_id=5001,
            origin_channel_id=200,
            origin_thread_id=201,
            mirror_channel_id=100,
            mirror_thread_id=101,
            original_text="你好",
        )
        session.add(relay)
        await session.flush()
        assert not await conversation_closed(session, relay)
        pair = await session.get(PenpalPair, pair_id)
        assert pair is not None
        pair.ended_at = datetime(2025, 1, 20, tzinfo=UTC)
        await session.flush()
        assert await conversation_closed(session, relay)
        assert await find_conversation(session, 201) is None


@pytest.fixture
def catalogs() -> Iterator[None]:
    previous = installed_catalogs()
    install_catalogs(Catalogs.load())
    yield
    install_catalogs(previous)


@pytest.mark.parametrize(
    ("script", "locale", "notice"),
    [
        (Script.TRADITIONAL, None, "未安裝"),  # their own choice
        (None, "zh-TW", "未安裝"),  # else their Discord locale
        (None, None, "未安装"),  # else the server's script (Simplified by default)
    ],
)
async def test_a_pen_pal_reads_the_mirror_in_their_own_script(
    catalogs: None,
    session_factory: async_sessionmaker[AsyncSession],
    script: Script | None,
    locale: str | None,
    notice: str,
) -> None:
    async with session_factory() as session, session.begin():
        await _setup(session)
        session.add(Member(guild_id=GUILD, user_id=2, script=script, locale=locale))
    sink = RecordingSink()
    # No en→zh model: the mirror is the original with a notice written in the reader's script.
    relay = RelayService(session_factory, guild_translator(session_factory, TranslationEngine({})))
    message = IncomingMessage(GUILD, 100, 5002, Author(1, "Emily"), "Hi there!", thread_id=101)
    assert await relay.mirror_reply(sink, message)
    [content] = sink.contents.values()
    assert "Hi there!" in content and notice in content
