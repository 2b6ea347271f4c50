"""Serving the translation memory: a member's improvement ahead of the model.

Looked up by ``GuildTranslator`` before the engine and its caches, so neither the in-process
nor the database cache (which only ever hold the model's output) can shadow an improvement,
and a revert falls back to the model at once. Exact match on (guild, sha256 of the source
text, direction, glossary fingerprint): one query on the partial unique index.

Most servers have no entries, so "this guild has none" is remembered for a short time
(``NEGATIVE_SECONDS``, the TTL of the other per-guild caches): a write here drops it at once;
an improvement made by another process is served here within that time, as a glossary change
is (issue 13: caches that must agree across processes use a short TTL). Only the absence is
cached: a revert or a deletion anywhere takes effect at the next lookup.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.caches import (
    GUILD_CACHE_SECONDS,
    GUILD_CACHE_SIZE,
    MISSING,
    BoundedCache,
    Monotonic,
)
from bot.translation.languages import Reader
from db.enums import Script, Side
from db.repositories.memory import MemoryRepository
from db.text_hash import text_hash

NEGATIVE_SECONDS = GUILD_CACHE_SECONDS


@dataclass(frozen=True)
class MemoryHit:
    """The improvement stored for a text, as its editor wrote it."""

    entry_id: int
    human_text: str
    editor_name: str
    target_script: Script | None


class MemoryLookup:
    """One per process (shared by the translator and the memory service)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, monotonic: Monotonic) -> None:
        self._sessions = sessions
        self._empty: BoundedCache[int, bool] = BoundedCache(
            GUILD_CACHE_SIZE, ttl_seconds=NEGATIVE_SECONDS, monotonic=monotonic
        )

    def changed(self, guild_id: int) -> None:
        """An entry was added, reverted or deleted in this process."""
        self._empty.invalidate(guild_id)

    async def find(
        self, guild_id: int, text: str, source: Side, target: Reader, glossary_key: str
    ) -> MemoryHit | None:
        """The live improvement of exactly ``text`` from ``source`` to the reader's side."""
        if self._empty.get(guild_id) is not MISSING:
            return None
        async with self._sessions() as session:
            repo = MemoryRepository(session)
            entry = await repo.live(guild_id, text_hash(text), source, target.side, glossary_key)
            if entry is None:
                if not await repo.has_live(guild_id):
                    self._empty.put(guild_id, True)
                return None
            return MemoryHit(entry.id, entry.human_text, entry.editor_name, entry.target_script)
