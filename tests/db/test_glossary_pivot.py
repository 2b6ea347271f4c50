"""A server's own glossary terms reach the English pivot questions are compared in."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.glossary.service import GlossaryService
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from db.enums import Side
from tests.support.clock import MovableClock
from tests.support.translators import guild_translator

pytestmark = pytest.mark.realmodel

GUILD = 5_000_000_000_000_001
OTHER_GUILD = 5_000_000_000_000_002


async def test_the_pivot_uses_the_servers_terms(
    session_factory: async_sessionmaker[AsyncSession], real_zh_en_model: LoadedModel
) -> None:
    engine = TranslationEngine({"zh_en": real_zh_en_model})
    glossary = GlossaryService(session_factory, monotonic=MovableClock().monotonic)
    translator = guild_translator(session_factory, engine, glossary=glossary)
    try:
        await glossary.add(GUILD, "neijuan", "内卷", by=1)
        question = "你们那里也有内卷吗？"
        here = await translator.english_pivot(question, Side.ZH, GUILD)
        elsewhere = await translator.english_pivot(question, Side.ZH, OTHER_GUILD)
        assert here is not None and "neijuan" in here
        assert elsewhere is not None and "neijuan" not in elsewhere

        await glossary.remove(GUILD, "内卷")
        removed = await translator.english_pivot(question, Side.ZH, GUILD)
        assert removed is not None and "neijuan" not in removed
    finally:
        await engine.close()
