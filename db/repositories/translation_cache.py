"""Translation cache: look up and store translations by (text hash, direction, model)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import TranslationCacheEntry
from db.repositories.insert_ignore import insert_ignoring_conflicts

# Bound parameters per lookup query, well under SQLite's and asyncpg's limits.
_LOOKUP_CHUNK = 500
_KEY_COLUMNS = ("text_hash", "source", "target", "model_version")


@dataclass(frozen=True, slots=True)
class CacheKey:
    """What determines a translation: the source text (by sha256 hex), direction and model."""

    text_hash: str
    source: str
    target: str
    model_version: str


@dataclass(frozen=True, slots=True)
class CachedTranslation:
    text: str
    low_confidence: bool = False


class TranslationCacheRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, keys: Sequence[CacheKey]) -> dict[CacheKey, CachedTranslation]:
        """The cached translations among ``keys``; missing keys are simply absent."""
        wanted = set(keys)
        hashes = sorted({key.text_hash for key in wanted})
        found: dict[CacheKey, CachedTranslation] = {}
        for start in range(0, len(hashes), _LOOKUP_CHUNK):
            chunk = hashes[start : start + _LOOKUP_CHUNK]
            # Filter by hash in SQL (indexed), by the rest of the key here: simple and portable.
            result = await self._session.scalars(
                select(TranslationCacheEntry).where(TranslationCacheEntry.text_hash.in_(chunk))
            )
            for entry in result:
                key = CacheKey(entry.text_hash, entry.source, entry.target, entry.model_version)
                if key in wanted:
                    found[key] = CachedTranslation(entry.translation, entry.low_confidence)
        return found

    async def put_many(self, entries: Sequence[tuple[CacheKey, CachedTranslation]]) -> None:
        """Store translations; a key already cached (by anyone, even concurrently) is kept."""
        unique = dict(entries)  # the first of duplicate keys would win anyway; keep one row each
        rows = [
            {
                "text_hash": key.text_hash,
                "source": key.source,
                "target": key.target,
                "model_version": key.model_version,
                "translation": cached.text,
                "low_confidence": cached.low_confidence,
            }
            for key, cached in unique.items()
        ]
        await insert_ignoring_conflicts(self._session, TranslationCacheEntry, rows, _KEY_COLUMNS)
