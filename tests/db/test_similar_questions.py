"""'Already asked' matching through the English pivot."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.similar import SimilarQuestionFinder, content_words, similarity
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.enums import Side
from db.repositories.question import QuestionRepository

GUILD = 2_000_000_000_000_001


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
    try:
        finder = SimilarQuestionFinder(session_factory, engine)
        found = await finder.find(GUILD, "每个中国人都有大熊猫吗？", Side.ZH)
        unrelated = await finder.find(GUILD, "你们那里的超市东西贵吗？", Side.ZH)
        english = await finder.find(GUILD, "Do Americans work two jobs?", Side.EN)
    finally:
        await engine.close()
    assert [q.thread_id for q in found] == [101]
    assert unrelated == []
    assert [q.thread_id for q in english] == [102]
