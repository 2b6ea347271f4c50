"""The translation cache kept in the database's ``translation_cache`` table."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.translation.cache import CachedTranslation, CacheKey
from db.repositories.translation_cache import TranslationCacheRepository


class DatabaseTranslationCache:
    """One short session per call; a concurrent insert of the same key is ignored."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def lookup(self, key: CacheKey) -> CachedTranslation | None:
        async with self._sessions() as session:
            found = await TranslationCacheRepository(session).get_many([key.columns])
        row = found.get(key.columns)
        return CachedTranslation(*row) if row is not None else None

    async def store(self, key: CacheKey, value: CachedTranslation) -> None:
        async with self._sessions() as session, session.begin():
            await TranslationCacheRepository(session).put_many(
                [(key.columns, value.text, value.low_confidence)]
            )

    async def forget(self, text_hashes: Collection[str]) -> int:
        async with self._sessions() as session, session.begin():
            return await TranslationCacheRepository(session).delete_texts(text_hashes)
