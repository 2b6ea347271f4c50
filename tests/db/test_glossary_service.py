"""GlossaryService: built-ins merged at read time, server terms, validation, cache (SQLite + PG)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import bot.services.glossary.service as glossary_module
from bot.services.caches import GUILD_CACHE_SECONDS
from bot.services.glossary.service import (
    MAX_TERM_LENGTH,
    GlossaryEntry,
    GlossaryError,
    GlossaryProblem,
    GlossaryService,
)
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.protection import GlossaryTerm
from db.models import Guild
from db.repositories.glossary import GlossaryRepository
from tests.support.clock import MovableClock

GUILD = 3_000_000_000_000_001
OTHER_GUILD = 3_000_000_000_000_002
ADMIN = 42


@pytest.fixture
def service(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> GlossaryService:
    return GlossaryService(session_factory, monotonic=bot_clock.monotonic)


async def test_a_new_server_starts_with_the_built_in_terms(service: GlossaryService) -> None:
    assert await service.terms_for(GUILD) == DEFAULT_GLOSSARY
    assert all(e.built_in for e in await service.entries(GUILD))
    assert await service.terms_for(None) == DEFAULT_GLOSSARY  # DMs


async def test_added_terms_are_stored_per_server_and_served_first(
    service: GlossaryService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    entry = await service.add(GUILD, "  hot   pot ", "火锅", by=ADMIN)
    assert entry == GlossaryEntry("hot pot", "火锅", built_in=False)
    terms = await service.terms_for(GUILD)
    assert terms[0] == GlossaryTerm(en="hot pot", zh="火锅")
    assert set(DEFAULT_GLOSSARY) <= set(terms)
    assert await service.terms_for(OTHER_GUILD) == DEFAULT_GLOSSARY
    async with session_factory() as session:
        [row] = await GlossaryRepository(session).list_for_guild(GUILD)
    assert (row.en_term, row.zh_term, row.created_by_id) == ("hot pot", "火锅", ADMIN)


async def test_traditional_input_is_stored_in_simplified(service: GlossaryService) -> None:
    entry = await service.add(GUILD, "bubble tea", "珍珠奶茶", by=ADMIN)
    assert entry.zh == "珍珠奶茶"
    traditional = await service.add(GUILD, "Mid-Autumn Festival", "中秋節", by=ADMIN)
    assert traditional.zh == "中秋节"
    # The Traditional spelling of an existing Chinese term is the same term.
    with pytest.raises(GlossaryError) as raised:
        await service.add(GUILD, "moon festival", "中秋節", by=ADMIN)
    assert raised.value.problem is GlossaryProblem.CHINESE_TAKEN


@pytest.mark.parametrize(
    ("en", "zh", "problem"),
    [
        ("   ", "火锅", GlossaryProblem.EMPTY),
        ("hot pot", "", GlossaryProblem.EMPTY),
        ("x" * (MAX_TERM_LENGTH + 1), "火锅", GlossaryProblem.TOO_LONG),
        ("hot pot", "火" * (MAX_TERM_LENGTH + 1), GlossaryProblem.TOO_LONG),
        ("火锅", "火锅", GlossaryProblem.NOT_ENGLISH),
        ("996", "九九六", GlossaryProblem.NOT_ENGLISH),
        ("hot pot", "hot pot", GlossaryProblem.NOT_CHINESE),
        ("zqx1", "火锅", GlossaryProblem.RESERVED),
    ],
)
async def test_invalid_terms_are_refused(
    service: GlossaryService, en: str, zh: str, problem: GlossaryProblem
) -> None:
    with pytest.raises(GlossaryError) as raised:
        await service.add(GUILD, en, zh, by=ADMIN)
    assert raised.value.problem is problem
    assert await service.terms_for(GUILD) == DEFAULT_GLOSSARY


async def test_duplicates_and_conflicts_on_either_side(service: GlossaryService) -> None:
    await service.add(GUILD, "hot pot", "火锅", by=ADMIN)
    cases = [
        ("Hot Pot", "火锅", GlossaryProblem.ALREADY_THERE),  # English matches ignoring case
        ("HOT POT", "麻辣烫", GlossaryProblem.ENGLISH_TAKEN),
        ("hotpot", "火锅", GlossaryProblem.CHINESE_TAKEN),
        ("Cat Tax", "猫咪税", GlossaryProblem.ENGLISH_TAKEN),  # against a built-in
        ("kitty tax", "猫税", GlossaryProblem.CHINESE_TAKEN),
        ("cat tax", "猫税", GlossaryProblem.ALREADY_THERE),
    ]
    for en, zh, problem in cases:
        with pytest.raises(GlossaryError) as raised:
            await service.add(GUILD, en, zh, by=ADMIN)
        assert raised.value.problem is problem, (en, zh)
        assert raised.value.existing is not None
    assert len(await service.terms_for(GUILD)) == len(DEFAULT_GLOSSARY) + 1


async def test_removing_a_server_term_by_either_side(service: GlossaryService) -> None:
    await service.add(GUILD, "hot pot", "火锅", by=ADMIN)
    await service.add(GUILD, "bubble tea", "珍珠奶茶", by=ADMIN)
    assert (await service.remove(GUILD, "HOT POT")).en == "hot pot"
    assert (await service.remove(GUILD, "珍珠奶茶")).en == "bubble tea"
    assert await service.terms_for(GUILD) == DEFAULT_GLOSSARY
    with pytest.raises(GlossaryError) as raised:
        await service.remove(GUILD, "hot pot")
    assert raised.value.problem is GlossaryProblem.NOT_FOUND


async def test_a_removed_built_in_stays_removed_and_can_come_back(
    service: GlossaryService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    removed = await service.remove(GUILD, "貓稅")  # Traditional spelling of a built-in
    assert removed == GlossaryEntry("cat tax", "猫税", built_in=True)
    assert GlossaryTerm("cat tax", "猫税") not in await service.terms_for(GUILD)
    assert GlossaryTerm("cat tax", "猫税") in await service.terms_for(OTHER_GUILD)
    async with session_factory() as session:
        guild = await session.get(Guild, GUILD)
        assert guild is not None and guild.glossary_hidden_defaults == ["cat tax"]
        assert await GlossaryRepository(session).list_for_guild(GUILD) == []

    # A fresh service (another process, or after a restart) sees the same glossary.
    restarted = GlossaryService(session_factory, monotonic=MovableClock().monotonic)
    assert GlossaryTerm("cat tax", "猫税") not in await restarted.terms_for(GUILD)

    # The server may now give the English term its own translation...
    await service.add(GUILD, "cat tax", "晒猫税", by=ADMIN)
    assert GlossaryTerm("cat tax", "晒猫税") in await service.terms_for(GUILD)
    await service.remove(GUILD, "cat tax")
    # ...and adding the built-in pair again restores the built-in, not a copy.
    restored = await service.add(GUILD, "Cat Tax", "猫税", by=ADMIN)
    assert restored == GlossaryEntry("cat tax", "猫税", built_in=True)
    assert await service.terms_for(GUILD) == DEFAULT_GLOSSARY


async def test_cache_follows_changes(
    service: GlossaryService,
    session_factory: async_sessionmaker[AsyncSession],
    bot_clock: MovableClock,
) -> None:
    first = await service.terms_for(GUILD)
    assert await service.terms_for(GUILD) is first  # served from the cache
    # A change this service did not make is not seen until its cache is dropped...
    other_process = GlossaryService(session_factory, monotonic=bot_clock.monotonic)
    await other_process.add(GUILD, "dumpling", "饺子", by=ADMIN)
    assert await service.terms_for(GUILD) is first
    # ...or has expired...
    bot_clock.advance(timedelta(seconds=GUILD_CACHE_SECONDS))
    assert GlossaryTerm("dumpling", "饺子") in await service.terms_for(GUILD)
    await other_process.remove(GUILD, "dumpling")
    assert GlossaryTerm("dumpling", "饺子") in await service.terms_for(GUILD)  # cached again
    await other_process.add(GUILD, "dumpling", "饺子", by=ADMIN)
    # ...and its own changes drop it.
    await service.add(GUILD, "hot pot", "火锅", by=ADMIN)
    assert GlossaryTerm("dumpling", "饺子") in await service.terms_for(GUILD)
    assert GlossaryTerm("hot pot", "火锅") in await service.terms_for(GUILD)
    await service.remove(GUILD, "hot pot")
    await service.remove(GUILD, "dumpling")
    assert await service.terms_for(GUILD) == DEFAULT_GLOSSARY


async def test_a_full_glossary_refuses_more(
    service: GlossaryService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(glossary_module, "MAX_SERVER_TERMS", 2)
    await service.add(GUILD, "hot pot", "火锅", by=ADMIN)
    await service.add(GUILD, "bubble tea", "珍珠奶茶", by=ADMIN)
    with pytest.raises(GlossaryError) as raised:
        await service.add(GUILD, "dumpling", "饺子", by=ADMIN)
    assert raised.value.problem is GlossaryProblem.FULL
    # Restoring a built-in adds no row, so it is allowed even when full.
    await service.remove(GUILD, "RedNote")
    assert (await service.add(GUILD, "RedNote", "小红书", by=ADMIN)).built_in
