"""The engine's translation cache kept in the database, on each backend."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.translation.db_cache import DatabaseTranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.runtime import LoadedModel
from db.models import TranslationCacheEntry

pytestmark = pytest.mark.realmodel


def batcher_items(engine: TranslationEngine) -> int:
    batcher = engine.batcher("zh_en")
    assert batcher is not None
    return batcher.stats.items


async def test_repeat_translations_come_from_the_database(
    session_factory: async_sessionmaker[AsyncSession], real_zh_en_model: LoadedModel
) -> None:
    cache = DatabaseTranslationCache(session_factory)
    first_engine = TranslationEngine({"zh_en": real_zh_en_model}, cache=cache)
    try:
        first = await first_engine.translate("你们那里的超市东西贵吗？", Reader.EN)
    finally:
        await first_engine.close()

    # A new engine (as after a restart) finds it stored, and readers of both scripts share it.
    second_engine = TranslationEngine({"zh_en": real_zh_en_model}, cache=cache)
    try:
        again = await second_engine.translate("你们那里的超市东西贵吗？", Reader.EN)
        batcher = second_engine.batcher("zh_en")
        assert batcher is not None and batcher.stats.items == 0
    finally:
        await second_engine.close()

    assert not first.from_cache and again.from_cache
    assert again.text == first.text
    async with session_factory() as session:
        rows = await session.scalar(select(func.count()).select_from(TranslationCacheEntry))
    assert rows == 1


async def test_concurrent_identical_requests_store_once(
    session_factory: async_sessionmaker[AsyncSession], real_zh_en_model: LoadedModel
) -> None:
    engine = TranslationEngine(
        {"zh_en": real_zh_en_model}, cache=DatabaseTranslationCache(session_factory)
    )
    try:
        results = await engine.translate_many(["相信我，这是真的。"] * 5, Reader.EN)
    finally:
        await engine.close()
    assert len({r.text for r in results}) == 1
    assert batcher_items(engine) == 1  # one model run shared by the five requests
    async with session_factory() as session:
        rows = await session.scalar(select(func.count()).select_from(TranslationCacheEntry))
    assert rows == 1
