"""Which mirrors show an improvement, and making them render again after it changed."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.relay.removal import mark_retranslated
from db.clock import Clock
from db.models import TranslationMemoryEntry
from db.repositories.memory import MemoryRepository
from db.text_hash import text_hash


async def rerender_showing(
    session: AsyncSession, guild_id: int, entries: Iterable[TranslationMemoryEntry], clock: Clock
) -> tuple[int, ...]:
    """Relays whose mirrors show one of ``entries`` are made due again: the relay's worker
    translates them afresh (the model, or another live improvement) and edits the mirror,
    retried by its sweep like any edit. Returns their ids."""
    keys = {(e.source_hash, e.source_side, e.target_side) for e in entries}
    if not keys:
        return ()
    due: list[int] = []
    for row in await MemoryRepository(session).improved_relays(guild_id):
        key = (text_hash(row.original_text), row.origin_side, row.origin_side.other)
        if key in keys and mark_retranslated(row, clock()):
            due.append(row.id)
    return tuple(due)


async def forget_member(
    session: AsyncSession, guild_id: int, user_id: int, clock: Clock
) -> tuple[int, ...]:
    """``/privacy forget``: delete the improvements the member made or whose source they
    wrote; other members' mirrors showing them render the model's translation again."""
    repo = MemoryRepository(session)
    entries = list(await repo.of_member(guild_id, user_id))
    await repo.delete([e.id for e in entries])
    return await rerender_showing(session, guild_id, entries, clock)
