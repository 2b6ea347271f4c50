"""The translation memory under ``GuildTranslator``: served ahead of the engine and both its
caches, in the reader's script, per glossary; the negative cache's time to live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.glossary.service import GlossaryService
from bot.services.language.guild_scripts import GuildScripts
from bot.services.language.translator import GuildTranslator
from bot.services.memory.lookup import NEGATIVE_SECONDS, MemoryLookup
from bot.translation.cache import MemoryTranslationCache
from bot.translation.db_cache import DatabaseTranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.runtime import LoadedModel
from db.enums import Script, Side
from db.models import TranslationMemoryEntry
from db.repositories.guild import GuildRepository
from db.repositories.memory import MemoryRepository
from db.text_hash import text_hash
from tests.support.clock import MovableClock

GUILD = 4242
SOURCE = "我喜欢喝茶。"
HUMAN = "I really love drinking tea."


def entry(
    source: str, human: str, key: str, *, src: Side = Side.ZH, script: Script | None = None
) -> TranslationMemoryEntry:
    return TranslationMemoryEntry(
        guild_id=GUILD,
        source_side=src,
        target_side=src.other,
        target_script=script,
        source_hash=text_hash(source),
        source_text=source,
        glossary_key=key,
        machine_text="(machine)",
        human_text=human,
        editor_id=7,
        editor_name="Alice",
        source_author_id=8,
    )


async def add(sessions: async_sessionmaker[AsyncSession], row: TranslationMemoryEntry) -> int:
    async with sessions() as session, session.begin():
        await GuildRepository(session).get_or_create(GUILD)
        return (await MemoryRepository(session).add(row)).id


async def revert(sessions: async_sessionmaker[AsyncSession], entry_id: int) -> None:
    async with sessions() as session, session.begin():
        row = await MemoryRepository(session).get(entry_id)
        assert row is not None
        row.reverted_at = datetime.now(UTC)


class Built:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], engine: TranslationEngine
    ) -> None:
        self.clock = MovableClock()
        self.lookup = MemoryLookup(sessions, monotonic=self.clock.monotonic)
        self.translator = GuildTranslator(
            engine,
            GuildScripts(sessions, monotonic=self.clock.monotonic),
            GlossaryService(sessions, monotonic=self.clock.monotonic),
            memory=self.lookup,
        )


@pytest.fixture
async def cached_engine(
    real_zh_en_model: LoadedModel, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[TranslationEngine]:
    engine = TranslationEngine(
        {"zh_en": real_zh_en_model}, cache=DatabaseTranslationCache(session_factory)
    )
    yield engine
    await engine.close()


@pytest.mark.realmodel
async def test_memory_is_served_ahead_of_the_database_cache_and_a_revert_wins(
    session_factory: async_sessionmaker[AsyncSession], cached_engine: TranslationEngine
) -> None:
    built = Built(session_factory, cached_engine)
    translator = built.translator
    machine = await translator.for_reader(SOURCE, GUILD, Reader.EN, prior=Side.ZH)
    again = await translator.for_reader(SOURCE, GUILD, Reader.EN, prior=Side.ZH)
    assert "tea" in machine.text.lower() and again.from_cache  # cached in the database

    key = await translator.glossary_key(GUILD)
    entry_id = await add(session_factory, entry(SOURCE, HUMAN, key))
    built.lookup.changed(GUILD)
    served = await translator.for_reader(SOURCE, GUILD, Reader.EN, prior=Side.ZH)
    assert (served.text, served.improved_by, served.from_cache) == (HUMAN, "Alice", False)
    assert served.is_translation and served.from_memory

    await revert(session_factory, entry_id)  # another process: no invalidation here
    back = await translator.for_reader(SOURCE, GUILD, Reader.EN, prior=Side.ZH)
    assert (back.text, back.improved_by) == (machine.text, None)


@pytest.mark.realmodel
async def test_the_in_process_cache_does_not_shadow_it_either(
    session_factory: async_sessionmaker[AsyncSession], real_zh_en_model: LoadedModel
) -> None:
    engine = TranslationEngine({"zh_en": real_zh_en_model}, cache=MemoryTranslationCache())
    try:
        built = Built(session_factory, engine)
        await built.translator.for_reader(SOURCE, GUILD, Reader.EN, prior=Side.ZH)
        await add(session_factory, entry(SOURCE, HUMAN, await built.translator.glossary_key(GUILD)))
        built.lookup.changed(GUILD)
        served = await built.translator.for_reader(SOURCE, GUILD, Reader.EN)
        assert served.text == HUMAN
    finally:
        await engine.close()


async def test_chinese_is_served_in_the_readers_script(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    # No en→zh model at all: an improvement is served all the same (it needs no model).
    built = Built(session_factory, TranslationEngine({}))
    key = await built.translator.glossary_key(GUILD)
    await add(
        session_factory,
        entry("Pandas are cute", "大熊猫很可爱", key, src=Side.EN, script=Script.SIMPLIFIED),
    )
    built.lookup.changed(GUILD)
    translate = built.translator.for_reader
    assert (await translate("Pandas are cute", GUILD, Reader.ZH_CN)).text == "大熊猫很可爱"
    assert (await translate("Pandas are cute", GUILD, Reader.ZH_TW)).text == "大熊貓很可愛"
    # Exact match only, and only for this direction.
    assert (await translate("Pandas are cute!", GUILD, Reader.ZH_CN)).unavailable
    assert not (await translate("Pandas are cute", GUILD, Reader.EN)).from_memory


async def test_another_glossary_is_another_key(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    built = Built(session_factory, TranslationEngine({}))
    await add(session_factory, entry("Pandas are cute", "大熊猫很可爱", "an older glossary"))
    built.lookup.changed(GUILD)
    result = await built.translator.for_reader("Pandas are cute", GUILD, Reader.ZH_CN)
    assert not result.from_memory


async def test_no_entries_is_remembered_for_a_short_time_only(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    built = Built(session_factory, TranslationEngine({}))
    key = await built.translator.glossary_key(GUILD)
    find = built.lookup.find
    assert await find(GUILD, "Pandas are cute", Side.EN, Reader.ZH_CN, key) is None
    # Added by another process: this one still remembers "none" …
    await add(session_factory, entry("Pandas are cute", "大熊猫很可爱", key, src=Side.EN))
    assert await find(GUILD, "Pandas are cute", Side.EN, Reader.ZH_CN, key) is None
    # … for NEGATIVE_SECONDS at most.
    built.clock.advance(timedelta(seconds=NEGATIVE_SECONDS))
    hit = await find(GUILD, "Pandas are cute", Side.EN, Reader.ZH_CN, key)
    assert hit is not None and hit.human_text == "大熊猫很可爱"
