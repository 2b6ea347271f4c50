"""'Already asked' matching through the English pivot."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.bridges import BridgeService
from bot.services.exchange.similar import content_words, similarity
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.enums import ChannelKind, Side
from db.repositories.question import QuestionRepository
from tests.support.recording_sink import RecordingSink
from tests.support.translators import guild_translator

GUILD = 2_000_000_000_000_001
EN_CHANNEL, ZH_CHANNEL = 10, 11
EMILY, WEI = Author(2, "Emily"), Author(3, "小伟")


def test_content_words_fold_plurals_and_drop_stopwords() -> None:
    assert content_words("Does every Chinese person own pandas?") == {
        "chinese",
        "person",
        "own",
        "panda",
    }
    assert similarity(content_words("own a panda"), content_words("pandas own")) == 1.0
    assert similarity(frozenset(), content_words("panda")) == 0.0


async def _question(
    sessions: async_sessionmaker[AsyncSession], title: str, pivot: str, side: Side, thread: int
) -> None:
    async with sessions() as session, session.begin():
        repo = QuestionRepository(session)
        question = await repo.add(
            guild_id=GUILD,
            bridge_id=None,
            asker_id=1,
            origin_side=side,
            title=title,
            body=title,
            origin_channel_id=10,
            origin_message_id=thread,
            mirror_channel_id=11,
            pivot_text_en=pivot,
        )
        await repo.set_threads(question, origin_thread_id=thread, mirror_thread_id=None)


@pytest.mark.realmodel
async def test_a_chinese_question_finds_the_english_one(
    session_factory: async_sessionmaker[AsyncSession], real_zh_en_model: LoadedModel
) -> None:
    await BridgeService(session_factory).link(
        GUILD, (EN_CHANNEL, ChannelKind.TEXT), (ZH_CHANNEL, ChannelKind.TEXT), by=1
    )
    await _question(
        session_factory,
        "Does every Chinese person own a panda?",
        "Does every Chinese person own a panda?",
        Side.EN,
        101,
    )
    await _question(
        session_factory,
        "美国人真的要打两份工吗？",
        "Do Americans really have to work two jobs?",
        Side.ZH,
        102,
    )
    engine = TranslationEngine({"zh_en": real_zh_en_model})
    relay = RelayService(session_factory, guild_translator(session_factory, engine))
    sink = RecordingSink()
    try:
        found = await relay.preview(ZH_CHANNEL, GUILD, WEI, "每个中国人都有大熊猫吗？")
        unrelated = await relay.preview(ZH_CHANNEL, GUILD, WEI, "你们那里的超市东西贵吗？")
        english = await relay.preview(EN_CHANNEL, GUILD, EMILY, "Do Americans work two jobs?")
        nowhere = await relay.preview(999, GUILD, EMILY, "Do Americans work two jobs?")
        # A post is compared with the questions before it, never with itself.
        opened = await relay.open_question(
            sink,
            IncomingMessage(GUILD, ZH_CHANNEL, 500, WEI, "每个中国人都有大熊猫吗？"),
        )
        again = await relay.open_question(
            sink,
            IncomingMessage(GUILD, ZH_CHANNEL, 501, WEI, "每个中国人都有大熊猫吗？"),
        )
    finally:
        await engine.close()
    assert found is not None and [q.thread_id for q in found.similar] == [101]
    assert "panda" in found.translation.body.text.lower()  # the mirror's text, translated once
    assert unrelated is not None and unrelated.similar == ()
    assert english is not None and [q.thread_id for q in english.similar] == [102]
    assert nowhere is None
    assert opened is not None and [q.thread_id for q in opened.similar] == [101]
    assert again is not None and opened.origin_thread_id is not None
    assert [q.thread_id for q in again.similar] == [opened.origin_thread_id, 101]
