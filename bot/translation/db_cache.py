"""The translation cache kept in the database's ``translation_cache`` table."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.translation.cache import CachedText, TranslationKey
from db.repositories.translation_cache import (
    CachedTranslation,
    CacheKey,
    TranslationCacheRepository,
)


def _row_key(key: TranslationKey) -> CacheKey:
    return CacheKey(key.text_hash, key.source, key.target, key.model_version)


class DatabaseTranslationCache:
    """One short session per call; a concurrent insert of the same key is ignored."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def lookup(self, key: TranslationKey) -> CachedText | None:
        async with self._sessions() as session:
            found = await TranslationCacheRepository(session).get_many([_row_key(key)])
        row = found.get(_row_key(key))
        return CachedText(row.text, row.low_confidence) if row else None

    async def store(self, key: TranslationKey, value: CachedText) -> None:
        async with self._sessions() as session, session.begin():
            await TranslationCacheRepository(session).put_many(
                [(_row_key(key), CachedTranslation(value.text, value.low_confidence))]
            )
