"""Each guild's digest schedule (``/digest config``), as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.schedule import WeeklySlot
from db.models import DigestSchedule
from db.repositories import DigestScheduleRepository
from db.shards import ShardScope


class DigestChannelRequiredError(Exception):
    """The first configuration of a guild's digest must name its channel."""


@dataclass(frozen=True)
class ScheduleInfo:
    guild_id: int
    channel_id: int
    slot: WeeklySlot
    enabled: bool


def _info(row: DigestSchedule) -> ScheduleInfo:
    slot = WeeklySlot(row.weekday, row.local_time, row.timezone)
    return ScheduleInfo(row.guild_id, row.channel_id, slot, row.enabled)


class DigestConfigService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], shards: ShardScope | None = None
    ) -> None:
        self._sessions = sessions
        # Jobs and the catch-up cover only these shards' guilds (None: every guild).
        self._shards = shards

    async def get(self, guild_id: int) -> ScheduleInfo | None:
        """The guild's schedule, or None before it was first configured."""
        async with self._sessions() as session:
            row = await DigestScheduleRepository(session).get(guild_id)
            return _info(row) if row is not None else None

    async def enabled(self) -> list[ScheduleInfo]:
        """Every enabled schedule of this process's shards (the scheduler's jobs and the
        catch-up are built from these)."""
        async with self._sessions() as session:
            rows = await DigestScheduleRepository(session).enabled(self._shards)
            return [_info(row) for row in rows]

    async def update(
        self,
        guild_id: int,
        *,
        channel_id: int | None = None,
        weekday: int | None = None,
        local_time: time | None = None,
        timezone: str | None = None,
        enabled: bool | None = None,
    ) -> ScheduleInfo:
        """Change what is given, keep the rest (new schedules start at Monday 09:00 Shanghai).

        Raises ``ValueError`` for an unknown time zone or weekday and
        ``DigestChannelRequiredError`` when a first configuration names no channel.
        """
        async with self._sessions() as session:
            schedules = DigestScheduleRepository(session)
            row = await schedules.get(guild_id)
            if row is None:
                if channel_id is None:
                    raise DigestChannelRequiredError
                row = await schedules.get_or_new(guild_id, channel_id)
            # Validate the combination before storing any of it.
            WeeklySlot(
                row.weekday if weekday is None else weekday,
                row.local_time if local_time is None else local_time,
                row.timezone if timezone is None else timezone,
            )
            for name, value in (
                ("channel_id", channel_id),
                ("weekday", weekday),
                ("local_time", local_time),
                ("timezone", timezone),
                ("enabled", enabled),
            ):
                if value is not None:
                    setattr(row, name, value)
            await session.commit()
            return _info(row)
