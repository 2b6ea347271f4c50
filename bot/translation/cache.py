"""The translation cache: (text hash, source, target, model version) → translation, in the DB."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.repositories.translation_cache import CacheKey, CachedTranslation, TranslationCacheRepository


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache(Protocol):
    async def lookup(self, key: CacheKey) -> CachedTranslation | None: ...

    async def store(self, key: CacheKey, value: CachedTranslation) -> None: ...


class DatabaseTranslationCache:
    """Cache backed by the ``translation_cache`` table; one short session per call."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def lookup(self, key: CacheKey) -> CachedTranslation | None:
        async with self._sessions() as session:
            found = await TranslationCacheRepository(session).get_many([key])
        return found.get(key)

    async def store(self, key: CacheKey, value: CachedTranslation) -> None:
        await self.store_many([(key, value)])

    async def store_many(self, entries: Sequence[tuple[CacheKey, CachedTranslation]]) -> None:
        async with self._sessions() as session, session.begin():
            await TranslationCacheRepository(session).put_many(entries)


class MemoryTranslationCache:
    """In-process cache for the CLI and benchmarks that run without a database."""

    def __init__(self) -> None:
        self.entries: dict[CacheKey, CachedTranslation] = {}

    async def lookup(self, key: CacheKey) -> CachedTranslation | None:
        return self.entries.get(key)

    async def store(self, key: CacheKey, value: CachedTranslation) -> None:
        self.entries[key] = value
