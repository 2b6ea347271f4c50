"""Digest schedules: one row per guild; the scheduler's jobs are rebuilt from them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import DigestSchedule
from db.repositories.guild import ensure_guild_exists
from db.shards import ShardScope, in_scope


class DigestScheduleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, guild_id: int) -> DigestSchedule | None:
        return await self._session.get(DigestSchedule, guild_id)

    async def enabled(self, shards: ShardScope | None = None) -> Sequence[DigestSchedule]:
        """Every enabled schedule (of ``shards``' guilds, when given), by guild id."""
        result = await self._session.scalars(
            select(DigestSchedule)
            .where(DigestSchedule.enabled.is_(True), in_scope(DigestSchedule.guild_id, shards))
            .order_by(DigestSchedule.guild_id)
        )
        return result.all()

    async def get_or_new(self, guild_id: int, channel_id: int) -> DigestSchedule:
        """The guild's schedule, or a new one (model defaults) posting in ``channel_id``."""
        schedule = await self.get(guild_id)
        if schedule is not None:
            return schedule
        await ensure_guild_exists(self._session, guild_id)
        schedule = DigestSchedule(guild_id=guild_id, channel_id=channel_id)
        self._session.add(schedule)
        await self._session.flush()  # fills in the model's defaults (Monday 09:00 Shanghai)
        return schedule
