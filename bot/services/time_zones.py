"""IANA time zones as members pick them (pen-pal profiles, digest schedules)."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from bot.services.discord_text import CHOICES_LIMIT

# Offered before anything is typed: where most members of a Chinese–English server live.
COMMON_TIME_ZONES = (
    "Asia/Shanghai",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "UTC",
)


@cache
def known_time_zones() -> frozenset[str]:
    """Every IANA zone name this host's tz database knows."""
    return frozenset(available_timezones())


@cache
def _sorted_time_zones() -> tuple[str, ...]:
    return tuple(sorted(known_time_zones()))


def matching_time_zones(typed: str, limit: int = CHOICES_LIMIT) -> list[str]:
    """Zone names for autocomplete: those starting with ``typed`` first, then containing it."""
    needle = typed.strip().lower().replace(" ", "_")
    if not needle:
        return list(COMMON_TIME_ZONES[:limit])
    names = _sorted_time_zones()
    starts = [n for n in names if n.lower().startswith(needle)]
    contains = [n for n in names if needle in n.lower() and n not in starts]
    return (starts + contains)[:limit]
