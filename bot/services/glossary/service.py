"""Per-server glossary: terms with fixed translations in both directions (SPEC §6).

A server's glossary is the built-in terms (``DEFAULT_GLOSSARY``) merged at read time with the
terms the server added. Built-ins are not copied into the database: a later release's new
built-in term reaches every server, and removing one records its English side in
``Guild.glossary_hidden_defaults``. Adding a removed built-in again restores it. A server's own
term always wins over a built-in that shares either side with it.

English terms match case-insensitively and are kept as typed ("RedNote" is what zh→en
output shows). Chinese terms are stored in Simplified script because the engine converts
Chinese input to Simplified before matching; Traditional readers get OpenCC's conversion.

The merged list is cached per guild (policy: ``bot.services.caches``) and dropped on every
change made here; a change made by another process (the CLI, a migration) shows within the
cache's time to live.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.caches import (
    GUILD_CACHE_SECONDS,
    GUILD_CACHE_SIZE,
    MISSING,
    BoundedCache,
    Monotonic,
)
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.languages import count_scripts
from bot.translation.protection import PLACEHOLDER_PREFIX, GlossaryTerm
from bot.translation.scripts import to_simplified
from db.models import Guild
from db.repositories.glossary import GlossaryRepository
from db.repositories.guild import GuildRepository

MAX_TERM_LENGTH = 60
MAX_SERVER_TERMS = 200


@dataclass(frozen=True)
class GlossaryEntry:
    """One line of a server's glossary; ``built_in`` for terms that come with Yiqi."""

    en: str
    zh: str
    built_in: bool

    @property
    def term(self) -> GlossaryTerm:
        return GlossaryTerm(en=self.en, zh=self.zh)


class GlossaryProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too-long"
    NOT_ENGLISH = "not-english"
    NOT_CHINESE = "not-chinese"
    RESERVED = "reserved"
    ALREADY_THERE = "already-there"  # the very same pair
    ENGLISH_TAKEN = "english-taken"  # the English term already has another translation
    CHINESE_TAKEN = "chinese-taken"  # the Chinese term already has another translation
    FULL = "full"
    NOT_FOUND = "not-found"


class GlossaryError(Exception):
    """Why a glossary change was refused; ``existing`` is the entry it clashes with."""

    def __init__(self, problem: GlossaryProblem, existing: GlossaryEntry | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.existing = existing


def normalize_english(term: str) -> str:
    return " ".join(term.split())


def normalize_chinese(term: str) -> str:
    return to_simplified(" ".join(term.split()))


def _check_term(term: str, *, english: bool) -> None:
    if not term:
        raise GlossaryError(GlossaryProblem.EMPTY)
    if len(term) > MAX_TERM_LENGTH:
        raise GlossaryError(GlossaryProblem.TOO_LONG)
    if PLACEHOLDER_PREFIX.lower() in term.lower():
        # The engine's placeholder marker: a term containing it would disable protection.
        raise GlossaryError(GlossaryProblem.RESERVED)
    cjk, latin = count_scripts(term)
    if english and (cjk or not latin):
        raise GlossaryError(GlossaryProblem.NOT_ENGLISH)
    if not english and not cjk:
        raise GlossaryError(GlossaryProblem.NOT_CHINESE)


def _merge(custom: list[GlossaryEntry], hidden: set[str]) -> list[GlossaryEntry]:
    taken_en = {e.en.casefold() for e in custom}
    taken_zh = {e.zh for e in custom}
    built_in = [
        GlossaryEntry(t.en, t.zh, built_in=True)
        for t in DEFAULT_GLOSSARY
        if t.en.casefold() not in hidden | taken_en and t.zh not in taken_zh
    ]
    return custom + built_in


_Cached = tuple[tuple[GlossaryEntry, ...], tuple[GlossaryTerm, ...]]


class GlossaryService:
    """One instance per process: the bot passes it to everything that reads a glossary."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        monotonic: Monotonic,
    ) -> None:
        self._sessions = sessions
        # guild → (entries, their terms): the relay asks for every message it translates.
        self._cache: BoundedCache[int, _Cached] = BoundedCache(
            GUILD_CACHE_SIZE, ttl_seconds=GUILD_CACHE_SECONDS, monotonic=monotonic
        )

    async def _cached(self, guild_id: int) -> _Cached:
        cached = self._cache.get(guild_id)
        if cached is MISSING:
            async with self._sessions() as session:
                entries = tuple(await self._load(session, guild_id))
            cached = (entries, tuple(entry.term for entry in entries))
            self._cache.put(guild_id, cached)
        return cached

    async def entries(self, guild_id: int | None) -> tuple[GlossaryEntry, ...]:
        """The server's glossary: its own terms first, then the built-ins it kept."""
        if guild_id is None:  # a DM: only the built-ins apply
            return tuple(GlossaryEntry(t.en, t.zh, built_in=True) for t in DEFAULT_GLOSSARY)
        return (await self._cached(guild_id))[0]

    async def terms_for(self, guild_id: int | None) -> tuple[GlossaryTerm, ...]:
        """The fixed translations the engine applies to this server's messages."""
        if guild_id is None:
            return DEFAULT_GLOSSARY
        return (await self._cached(guild_id))[1]

    async def add(self, guild_id: int, en: str, zh: str, *, by: int | None) -> GlossaryEntry:
        """Add a term pair; raises ``GlossaryError`` when it is invalid or clashes."""
        en, zh = normalize_english(en), normalize_chinese(zh)
        _check_term(en, english=True)
        _check_term(zh, english=False)
        async with self._sessions() as session, session.begin():
            current = await self._load(session, guild_id)
            same_en = next((e for e in current if e.en.casefold() == en.casefold()), None)
            same_zh = next((e for e in current if e.zh == zh), None)
            if same_en is not None and same_en == same_zh:
                raise GlossaryError(GlossaryProblem.ALREADY_THERE, same_en)
            if same_en is not None:
                raise GlossaryError(GlossaryProblem.ENGLISH_TAKEN, same_en)
            if same_zh is not None:
                raise GlossaryError(GlossaryProblem.CHINESE_TAKEN, same_zh)
            guild = await GuildRepository(session).get_or_create(guild_id)
            restored = next(
                (t for t in DEFAULT_GLOSSARY if t.en.casefold() == en.casefold() and t.zh == zh),
                None,
            )
            if restored is not None:
                # A removed built-in comes back as a built-in, not as a copy.
                _set_hidden(guild, set(guild.glossary_hidden_defaults) - {en.casefold()})
                entry = GlossaryEntry(restored.en, restored.zh, built_in=True)
            else:
                if sum(not e.built_in for e in current) >= MAX_SERVER_TERMS:
                    raise GlossaryError(GlossaryProblem.FULL)
                await GlossaryRepository(session).add(
                    guild_id, en_term=en, zh_term=zh, created_by_id=by
                )
                entry = GlossaryEntry(en, zh, built_in=False)
        self._cache.invalidate(guild_id)
        return entry

    async def remove(self, guild_id: int, term: str) -> GlossaryEntry:
        """Remove the pair whose English or Chinese side is ``term``; built-ins are hidden."""
        en, zh = normalize_english(term).casefold(), normalize_chinese(term)
        async with self._sessions() as session, session.begin():
            current = await self._load(session, guild_id)
            entry = next((e for e in current if e.en.casefold() == en or e.zh == zh), None)
            if entry is None:
                raise GlossaryError(GlossaryProblem.NOT_FOUND)
            if entry.built_in:
                guild = await GuildRepository(session).get_or_create(guild_id)
                _set_hidden(guild, {*guild.glossary_hidden_defaults, entry.en.casefold()})
            else:
                repository = GlossaryRepository(session)
                for row in await repository.list_for_guild(guild_id):
                    if row.en_term == entry.en:
                        await repository.delete(row)
        self._cache.invalidate(guild_id)
        return entry

    async def _load(self, session: AsyncSession, guild_id: int) -> list[GlossaryEntry]:
        guild = await GuildRepository(session).get(guild_id)
        hidden = set(guild.glossary_hidden_defaults) if guild is not None else set()
        rows = await GlossaryRepository(session).list_for_guild(guild_id)
        custom = [GlossaryEntry(r.en_term, r.zh_term, built_in=False) for r in rows]
        return _merge(custom, hidden)


def _set_hidden(guild: Guild, hidden: set[str]) -> None:
    # A new list object: SQLAlchemy tracks JSON columns by assignment, not by mutation.
    guild.glossary_hidden_defaults = sorted(hidden)
