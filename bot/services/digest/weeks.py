"""ISO weeks, the digest's unit: one digest per guild per ``YYYY-Www``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        found = _WEEK.match(text.strip())
        if found is None:
            raise ValueError(f"not an ISO week (YYYY-Www): {text!r}")
        week = cls(int(found[1]), int(found[2]))
        week.monday()  # validates the week number for that year
        return week

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def containing(cls, moment: datetime, timezone: str) -> IsoWeek:
        """The week ``moment`` falls in, as seen on the clocks of ``timezone``."""
        return cls.of(moment.astimezone(ZoneInfo(timezone)).date())

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.monday() - timedelta(days=7))

    def next(self) -> IsoWeek:
        return IsoWeek.of(self.monday() + timedelta(days=7))

    def bounds_utc(self, timezone: str) -> tuple[datetime, datetime]:
        """[Monday 00:00, next Monday 00:00) local time in ``timezone``, as UTC instants."""
        zone = ZoneInfo(timezone)
        start = datetime.combine(self.monday(), time(), zone)
        end = datetime.combine(self.next().monday(), time(), zone)
        return start.astimezone(UTC), end.astimezone(UTC)
