"""A ``GuildTranslator`` for service tests, built the way ``bot/app.py`` builds it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.glossary.service import GlossaryService
from bot.services.language.guild_scripts import GuildScripts
from bot.services.language.translator import GuildTranslator
from bot.translation.engine import TranslationEngine
from tests.support.clock import MovableClock


def guild_translator(
    sessions: async_sessionmaker[AsyncSession],
    engine: TranslationEngine,
    *,
    glossary: GlossaryService | None = None,
) -> GuildTranslator:
    """The engine with a fresh server-script cache and glossary (or the one given)."""
    monotonic = MovableClock().monotonic  # stands still: nothing expires within a test
    return GuildTranslator(
        engine,
        GuildScripts(sessions, monotonic=monotonic),
        glossary or GlossaryService(sessions, monotonic=monotonic),
    )
