"""Reaction counts on relayed messages (the digest's engagement reads them)."""

from __future__ import annotations

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from db.models import RelayedMessage, RelayedMessagePart


def _bumped(count: InstrumentedAttribute[int], delta: int) -> object:
    # Never below zero: a removal seen without its addition (before Yiqi counted) is ignored.
    return case((count + delta < 0, 0), else_=count + delta)


class ReactionCountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def bump(self, message_id: int, delta: int) -> bool:
        """Add ``delta`` to the count of the copy ``message_id`` is; False if it is neither."""
        part_of = select(RelayedMessagePart.relay_id).where(
            RelayedMessagePart.message_id == message_id
        )
        for copy, count in (
            (RelayedMessage.origin_message_id == message_id, RelayedMessage.origin_reaction_count),
            (RelayedMessage.mirror_message_id == message_id, RelayedMessage.mirror_reaction_count),
            # Any later part of a long mirror counts for the mirror too.
            (RelayedMessage.id.in_(part_of), RelayedMessage.mirror_reaction_count),
        ):
            result = await self._session.execute(
                update(RelayedMessage)
                .where(copy)
                .values({count: _bumped(count, delta)})
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0):
                return True
        return False
