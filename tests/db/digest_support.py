"""What the digest publisher tests share: a controlled clock, a composer defined here, and a
poster standing in for Discord at the port (the real one is exercised through SimCord)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.config import DigestConfigService, ScheduleInfo
from bot.services.digest.ports import DigestChannelUnavailableError, DigestChart
from bot.services.digest.publisher import DigestPublisher
from bot.services.digest.weeks import IsoWeek
from db.models import PostedDigest
from db.repositories import DigestRepository

GUILD = 42
CHANNEL = 4200
GRACE = timedelta(hours=24)
LEASE = timedelta(minutes=15)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class Posted:
    id: int
    channel_id: int
    at: datetime
    content: str
    by: str
    chart: DigestChart | None = None


@dataclass
class Channels:
    """Discord's side: every message any poster sent, in order."""

    messages: list[Posted] = field(default_factory=list)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1_000))

    def contents(self) -> list[str]:
        return [m.content for m in self.messages]


class CrashError(BaseException):
    """The process dies here (BaseException: nothing in the publisher may swallow it)."""


class Poster:
    """A bot process's connection to Discord; ``crash_at`` kills it at that send (0-based)."""

    def __init__(
        self,
        channels: Channels,
        clock: Clock,
        name: str = "bot",
        *,
        crash_at: int | None = None,
        crash_after_sending: bool = False,
        missing_channels: frozenset[int] = frozenset(),
    ) -> None:
        self.channels, self.clock, self.name = channels, clock, name
        self.crash_at, self.crash_after_sending = crash_at, crash_after_sending
        self.missing_channels = missing_channels
        self.sends = 0

    async def send(self, channel_id: int, content: str, *, chart: DigestChart | None = None) -> int:
        if channel_id in self.missing_channels:
            raise DigestChannelUnavailableError("404 Unknown Channel")
        attempt, self.sends = self.sends, self.sends + 1
        if attempt == self.crash_at and not self.crash_after_sending:
            raise CrashError
        message = Posted(
            next(self.channels.ids), channel_id, self.clock(), content, self.name, chart
        )
        self.channels.messages.append(message)
        if attempt == self.crash_at:
            raise CrashError  # Discord has the message; the process never learns its id
        return message.id

    async def own_messages_since(self, channel_id: int, since: datetime) -> list[int]:
        return [m.id for m in self.channels.messages if m.channel_id == channel_id and m.at > since]


class Composer:
    """A digest of fixed parts (the real composer is tested by its own helper)."""

    def __init__(self, parts: list[str] | None = None, chart: DigestChart | None = None) -> None:
        self.parts = ["part one", "part two", "part three"] if parts is None else parts
        self.weeks: list[IsoWeek] = []
        self.drawn = 0  # charts asked for
        self._chart = chart

    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        self.weeks.append(week)
        return [f"{part} ({week})" for part in self.parts]

    async def chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
        self.drawn += 1
        return self._chart


async def configure(
    sessions: async_sessionmaker[AsyncSession],
    *,
    weekday: int = 0,
    at: time = time(9, 0),
    timezone: str = "Asia/Shanghai",
    guild_id: int = GUILD,
) -> ScheduleInfo:
    return await DigestConfigService(sessions).update(
        guild_id, channel_id=CHANNEL, weekday=weekday, local_time=at, timezone=timezone
    )


def publisher(
    sessions: async_sessionmaker[AsyncSession],
    clock: Clock,
    composer: Composer | None = None,
    name: str = "p1",
) -> DigestPublisher:
    return DigestPublisher(
        sessions,
        DigestConfigService(sessions),
        composer or Composer(),
        grace=GRACE,
        lease=LEASE,
        process_id=name,
        clock=clock,
    )


# Monday 2026-03-02 09:00 in Shanghai: the slot of ISO week 10, posting the digest of week 9.
SLOT = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
WEEK = IsoWeek(2026, 9)
PARTS = [f"part one ({WEEK})", f"part two ({WEEK})", f"part three ({WEEK})"]


async def row(sessions: async_sessionmaker[AsyncSession], week: IsoWeek = WEEK) -> PostedDigest:
    async with sessions() as session:
        found = await DigestRepository(session).get(GUILD, str(week))
    assert found is not None
    return found
