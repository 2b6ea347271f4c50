"""When a guild's digest is due: weekly slots in the schedule's IANA time zone.

A slot is "weekday at local_time" on the schedule's own clocks, so 09:00 stays 09:00 local
across daylight-saving changes. The digest posted in ISO week W covers week W-1 (the last
complete week); rows in ``posted_digests`` are keyed by that covered week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.services.digest.weeks import IsoWeek
from bot.services.time_zones import known_time_zones

DEFAULT_WEEKDAY = 0  # Monday
DEFAULT_TIME = time(9, 0)
# Monday 09:00 in Shanghai is Sunday evening in the US: both sides read it the same day.
DEFAULT_TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class WeeklySlot:
    """Where a digest is due: a weekday and local time in an IANA zone."""

    weekday: int  # 0 = Monday
    local_time: time
    timezone: str

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, got {self.weekday}")
        if self.timezone not in known_time_zones():
            raise ValueError(f"unknown time zone: {self.timezone!r}")

    def due_in(self, posting_week: IsoWeek) -> datetime:
        """The UTC instant of this slot in ``posting_week``.

        A local time skipped by a spring-forward change (02:30 on that night) is read with the
        offset before the change, i.e. it lands one hour later on the wall clock (03:30); a
        repeated fall-back time is its first occurrence (``fold=0``), so it posts once.
        """
        day = posting_week.monday() + timedelta(days=self.weekday)
        local = datetime.combine(day, self.local_time, ZoneInfo(self.timezone))
        return local.astimezone(UTC)

    def latest_due(self, now: datetime) -> DueDigest:
        """The most recent slot at or before ``now``."""
        week = IsoWeek.containing(now, self.timezone)
        due = self.due_in(week)
        if due > now:
            week = week.previous()
            due = self.due_in(week)
        return DueDigest(covered_week=week.previous(), due_at=due)

    def next_due(self, after: datetime) -> DueDigest:
        """The first slot strictly after ``after``."""
        week = IsoWeek.containing(after, self.timezone)
        due = self.due_in(week)
        if due <= after:
            week = week.next()
            due = self.due_in(week)
        return DueDigest(covered_week=week.previous(), due_at=due)


DEFAULT_SLOT = WeeklySlot(DEFAULT_WEEKDAY, DEFAULT_TIME, DEFAULT_TIMEZONE)


@dataclass(frozen=True)
class DueDigest:
    """One slot: the digest of ``covered_week`` is due at ``due_at`` (UTC)."""

    covered_week: IsoWeek
    due_at: datetime


def current_week_digest(slot: WeeklySlot, now: datetime) -> IsoWeek:
    """The week a digest posted at ``now`` covers: the last complete week on the slot's clocks."""
    return IsoWeek.containing(now, slot.timezone).previous()


_LOCAL_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
# Offered before the member types anything: where Yiqi's two sides mostly live.


def parse_local_time(text: str) -> time | None:
    """``"9:05"`` / ``"18:30"`` → a time; anything else → None."""
    found = _LOCAL_TIME.fullmatch(text.strip())
    return time(int(found[1]), int(found[2])) if found else None
