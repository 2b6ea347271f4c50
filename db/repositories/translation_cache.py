"""Translation cache rows: look up and store translations by (text hash, direction, model).

Plain values in and out; the engine's own cache types live in ``bot.translation.cache``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import TranslationCacheEntry
from db.repositories.insert_ignore import insert_ignoring_conflicts

# Bound parameters per lookup query, well under SQLite's and asyncpg's limits.
_LOOKUP_CHUNK = 500
_KEY_COLUMNS = ("text_hash", "source", "target", "model_version")

# (sha256 hex of the source text, source code, target code, model version): one row's key.
KeyColumns = tuple[str, str, str, str]


class TranslationCacheRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_many(self, keys: Sequence[KeyColumns]) -> dict[KeyColumns, tuple[str, bool]]:
        """(translation, low confidence) per key cached among ``keys``; the rest are absent."""
        wanted = set(keys)
        hashes = sorted({text_hash for text_hash, *_ in wanted})
        found: dict[KeyColumns, tuple[str, bool]] = {}
        for start in range(0, len(hashes), _LOOKUP_CHUNK):
            chunk = hashes[start : start + _LOOKUP_CHUNK]
            # Filter by hash in SQL (indexed), by the rest of the key here: simple and portable.
            result = await self._session.scalars(
                select(TranslationCacheEntry).where(TranslationCacheEntry.text_hash.in_(chunk))
            )
            for entry in result:
                key = (entry.text_hash, entry.source, entry.target, entry.model_version)
                if key in wanted:
                    found[key] = (entry.translation, entry.low_confidence)
        return found

    async def put_many(self, entries: Sequence[tuple[KeyColumns, str, bool]]) -> None:
        """Store (key, translation, low confidence) rows; a key already cached (by anyone,
        even concurrently) is kept."""
        # The first of duplicate keys would win anyway; keep one row each.
        unique = {key: (translation, low) for key, translation, low in entries}
        rows = [
            {
                **dict(zip(_KEY_COLUMNS, key, strict=True)),
                "translation": translation,
                "low_confidence": low_confidence,
            }
            for key, (translation, low_confidence) in unique.items()
        ]
        await insert_ignoring_conflicts(self._session, TranslationCacheEntry, rows, _KEY_COLUMNS)

    async def delete_texts(self, text_hashes: Collection[str]) -> int:
        """Drop the translations of these source texts (sha256 hex) in every direction and
        model version; returns how many rows went."""
        hashes = sorted(set(text_hashes))
        removed = 0
        for start in range(0, len(hashes), _LOOKUP_CHUNK):
            chunk = hashes[start : start + _LOOKUP_CHUNK]
            result = await self._session.execute(
                delete(TranslationCacheEntry).where(TranslationCacheEntry.text_hash.in_(chunk))
            )
            removed += max(getattr(result, "rowcount", 0) or 0, 0)
        await self._session.flush()
        return removed
