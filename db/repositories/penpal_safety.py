"""Pen-pal safety records: who blocked whom, reports, and the transcript a report carries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PenpalBlock, PenpalReport, RelayedMessage


class PenpalSafetyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # -------------------------------------------------------------------- blocks
    async def blocks(self, guild_id: int) -> Sequence[PenpalBlock]:
        return (
            await self._session.scalars(select(PenpalBlock).where(PenpalBlock.guild_id == guild_id))
        ).all()

    async def blocked_pairs(self, guild_id: int) -> set[tuple[int, int]]:
        """Blocks as (user, user) pairs, both ways: either member's block keeps them apart."""
        blocks = await self.blocks(guild_id)
        return {(b.blocker_id, b.blocked_id) for b in blocks} | {
            (b.blocked_id, b.blocker_id) for b in blocks
        }

    async def blocked_by(self, guild_id: int, blocker_id: int) -> Sequence[int]:
        return (
            await self._session.scalars(
                select(PenpalBlock.blocked_id)
                .where(PenpalBlock.guild_id == guild_id, PenpalBlock.blocker_id == blocker_id)
                .order_by(PenpalBlock.created_at)
            )
        ).all()

    async def is_blocked(self, guild_id: int, blocker_id: int, blocked_id: int) -> bool:
        found = await self._session.scalar(
            select(PenpalBlock.id).where(
                PenpalBlock.guild_id == guild_id,
                PenpalBlock.blocker_id == blocker_id,
                PenpalBlock.blocked_id == blocked_id,
            )
        )
        return found is not None

    async def add_block(self, guild_id: int, blocker_id: int, blocked_id: int) -> None:
        self._session.add(
            PenpalBlock(guild_id=guild_id, blocker_id=blocker_id, blocked_id=blocked_id)
        )
        await self._session.flush()

    async def remove_block(self, guild_id: int, blocker_id: int, blocked_id: int) -> bool:
        result = await self._session.execute(
            delete(PenpalBlock).where(
                PenpalBlock.guild_id == guild_id,
                PenpalBlock.blocker_id == blocker_id,
                PenpalBlock.blocked_id == blocked_id,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    # ------------------------------------------------------------------- reports
    async def add_report(self, report: PenpalReport) -> PenpalReport:
        self._session.add(report)
        await self._session.flush()
        return report

    async def transcript(self, pair_id: int) -> Sequence[RelayedMessage]:
        """The pair's relayed messages in the order they were written (deleted ones left out)."""
        return (
            await self._session.scalars(
                select(RelayedMessage)
                .where(
                    and_(
                        RelayedMessage.penpal_pair_id == pair_id,
                        RelayedMessage.is_deleted.is_(False),
                    )
                )
                .order_by(RelayedMessage.created_at, RelayedMessage.id)
            )
        ).all()
