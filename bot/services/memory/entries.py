"""``/tm list`` and ``/tm revert``: the server's translation memory, as members may see it.

Moderators see and revert every entry; a member sees the entries they edited or whose source
they wrote, and may revert those. A revert keeps the entry (history, until forgotten) but
stops serving it: mirrors showing it render the model's translation again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.base import DatabaseService
from bot.services.memory.lookup import MemoryLookup
from bot.services.memory.showing import rerender_showing
from db.clock import Clock, utcnow
from db.enums import Side
from db.models import TranslationMemoryEntry
from db.repositories.memory import MemoryRepository

PAGE_SIZE = 10


@dataclass(frozen=True)
class EntryView:
    """One entry as ``/tm list`` shows it."""

    id: int
    source_side: Side
    target_side: Side
    source_text: str
    machine_text: str
    human_text: str
    editor_name: str
    created_at: datetime
    reverted: bool


class RevertOutcome(StrEnum):
    REVERTED = "reverted"
    NOT_FOUND = "not-found"
    NOT_ALLOWED = "not-allowed"
    ALREADY = "already"


@dataclass(frozen=True)
class Reverted:
    outcome: RevertOutcome
    relay_ids: tuple[int, ...] = ()  # mirrors to render again now


def view(entry: TranslationMemoryEntry) -> EntryView:
    return EntryView(
        id=entry.id,
        source_side=entry.source_side,
        target_side=entry.target_side,
        source_text=entry.source_text,
        machine_text=entry.machine_text,
        human_text=entry.human_text,
        editor_name=entry.editor_name,
        created_at=entry.created_at,
        reverted=entry.reverted_at is not None,
    )


class MemoryEntries(DatabaseService):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        lookup: MemoryLookup,
        *,
        clock: Clock = utcnow,
    ) -> None:
        super().__init__(sessions, clock=clock)
        self._lookup = lookup

    async def page(
        self, guild_id: int, viewer_id: int, *, moderator: bool, page: int = 1
    ) -> list[EntryView]:
        """Newest first, ``PAGE_SIZE`` a page (``page`` counts from 1)."""
        async with self._sessions() as session:
            rows = await MemoryRepository(session).page(
                guild_id,
                member_id=None if moderator else viewer_id,
                offset=(max(page, 1) - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            )
            return [view(row) for row in rows]

    async def revert(self, guild_id: int, entry_id: int, by: int, *, moderator: bool) -> Reverted:
        """Stop serving the entry (moderators, its editor, its source's author)."""
        async with self._sessions() as session, session.begin():
            entry = await MemoryRepository(session).get(entry_id)
            if entry is None or entry.guild_id != guild_id:
                return Reverted(RevertOutcome.NOT_FOUND)
            if not (moderator or by in (entry.editor_id, entry.source_author_id)):
                return Reverted(RevertOutcome.NOT_ALLOWED)
            if entry.reverted_at is not None:
                return Reverted(RevertOutcome.ALREADY)
            entry.reverted_at, entry.reverted_by = self._clock(), by
            await session.flush()
            due = await rerender_showing(session, guild_id, [entry], self._clock)
        self._lookup.changed(guild_id)
        return Reverted(RevertOutcome.REVERTED, due)
