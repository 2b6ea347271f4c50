"""Weekly digest slots in IANA zones: 09:00 local stays 09:00 local across DST changes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.digest.schedule import WeeklySlot, current_week_digest, parse_local_time
from bot.services.digest.weeks import IsoWeek
from bot.services.time_zones import COMMON_TIME_ZONES, known_time_zones, matching_time_zones

MONDAY_9 = time(9, 0)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekly_from(slot: WeeklySlot, start: datetime, count: int) -> list[datetime]:
    found, after = [], start
    for _ in range(count):
        after = slot.next_due(after).due_at
        found.append(after)
    return found


@pytest.mark.parametrize(
    ("timezone", "start", "expected_utc"),
    [
        pytest.param(
            "America/New_York",
            utc(2026, 2, 25),
            # EST (UTC-5) until Sunday 8 March, then EDT (UTC-4).
            [utc(2026, 3, 2, 14), utc(2026, 3, 9, 13), utc(2026, 3, 16, 13)],
            id="new-york-spring",
        ),
        pytest.param(
            "America/New_York",
            utc(2026, 10, 20),
            # EDT until Sunday 1 November, then EST.
            [utc(2026, 10, 26, 13), utc(2026, 11, 2, 14), utc(2026, 11, 9, 14)],
            id="new-york-fall",
        ),
        pytest.param(
            "Europe/Berlin",
            utc(2026, 3, 18),
            # CET (UTC+1) until Sunday 29 March, then CEST (UTC+2).
            [utc(2026, 3, 23, 8), utc(2026, 3, 30, 7), utc(2026, 4, 6, 7)],
            id="berlin-spring",
        ),
        pytest.param(
            "Europe/Berlin",
            utc(2026, 10, 14),
            # CEST until Sunday 25 October, then CET.
            [utc(2026, 10, 19, 7), utc(2026, 10, 26, 8), utc(2026, 11, 2, 8)],
            id="berlin-fall",
        ),
        pytest.param(
            "Asia/Shanghai",
            utc(2026, 3, 4),
            # No DST: always 01:00 UTC, while the US and Europe change around it.
            [utc(2026, 3, 9, 1), utc(2026, 3, 16, 1), utc(2026, 3, 23, 1), utc(2026, 3, 30, 1)],
            id="shanghai",
        ),
    ],
)
def test_monday_nine_oclock_stays_nine_oclock_local(
    timezone: str, start: datetime, expected_utc: list[datetime]
) -> None:
    slot = WeeklySlot(0, MONDAY_9, timezone)
    due = weekly_from(slot, start, len(expected_utc))
    assert due == expected_utc
    for moment in due:
        local = moment.astimezone(ZoneInfo(timezone))
        assert (local.weekday(), local.time()) == (0, MONDAY_9)


def test_a_time_skipped_by_spring_forward_posts_an_hour_later_that_day() -> None:
    # New York, Sunday 8 March 2026: 02:00 jumps to 03:00, so 02:30 never happens.
    slot = WeeklySlot(6, time(2, 30), "America/New_York")
    [before, on_change, after] = weekly_from(slot, utc(2026, 2, 28), 3)
    assert before == utc(2026, 3, 1, 7, 30)  # 02:30 EST
    assert on_change == utc(2026, 3, 8, 7, 30)  # 03:30 EDT, same day
    assert after == utc(2026, 3, 15, 6, 30)  # 02:30 EDT
    assert on_change.astimezone(ZoneInfo("America/New_York")).time() == time(3, 30)


def test_a_time_repeated_by_fall_back_posts_once() -> None:
    # New York, Sunday 1 November 2026: 01:00-02:00 happens twice.
    slot = WeeklySlot(6, time(1, 30), "America/New_York")
    first = slot.next_due(utc(2026, 10, 31)).due_at
    assert first == utc(2026, 11, 1, 5, 30)  # the first 01:30 (EDT)
    # The second 01:30 (EST, 06:30 UTC) is not another slot: next is a week later.
    assert slot.next_due(first).due_at == utc(2026, 11, 8, 6, 30)
    assert slot.latest_due(utc(2026, 11, 1, 6, 45)).due_at == first


def test_latest_and_next_slot_and_the_week_they_cover() -> None:
    slot = WeeklySlot(0, MONDAY_9, "Asia/Shanghai")
    at_slot = utc(2026, 3, 2, 1)  # Monday 09:00 Shanghai, ISO week 10
    assert slot.latest_due(at_slot).due_at == at_slot  # a slot counts from its first second
    assert slot.latest_due(at_slot).covered_week == IsoWeek(2026, 9)
    just_before = at_slot - timedelta(seconds=1)
    assert slot.latest_due(just_before).due_at == at_slot - timedelta(days=7)
    assert slot.latest_due(just_before).covered_week == IsoWeek(2026, 8)
    assert slot.next_due(just_before).due_at == at_slot
    assert slot.next_due(at_slot).due_at == at_slot + timedelta(days=7)
    assert slot.next_due(at_slot).covered_week == IsoWeek(2026, 10)
    # Sunday 23:30 UTC is already Monday in Shanghai: the week is read on local clocks.
    assert current_week_digest(slot, utc(2026, 3, 1, 23, 30)) == IsoWeek(2026, 9)
    assert current_week_digest(slot, utc(2026, 3, 1, 15, 30)) == IsoWeek(2026, 8)


def test_a_year_of_weekly_slots_across_both_changes_is_always_friday_18_local() -> None:
    slot = WeeklySlot(4, time(18, 0), "Europe/Berlin")
    due = weekly_from(slot, utc(2026, 1, 1), 52)
    assert all(
        b - a in (timedelta(days=7), timedelta(days=7, hours=-1), timedelta(days=7, hours=1))
        for a, b in itertools.pairwise(due)
    )
    for moment in due:
        local = moment.astimezone(ZoneInfo("Europe/Berlin"))
        assert (local.weekday(), local.time()) == (4, time(18, 0))
    assert (
        len({moment.astimezone(ZoneInfo("Europe/Berlin")).isocalendar()[1] for moment in due}) == 52
    )


@pytest.mark.parametrize(("weekday", "timezone"), [(7, "UTC"), (-1, "UTC"), (0, "Mars/Olympus")])
def test_impossible_slots_are_refused(weekday: int, timezone: str) -> None:
    with pytest.raises(ValueError, match=r"weekday|time zone"):
        WeeklySlot(weekday, MONDAY_9, timezone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:00", time(9)), ("9:05", time(9, 5)), (" 18:30 ", time(18, 30)), ("23:59", time(23, 59))],
)
def test_local_times_parse(text: str, expected: time) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "09:60", "9am", "", "09:00:00", "-1:00"])
def test_non_times_are_refused(text: str) -> None:
    assert parse_local_time(text) is None


def test_timezone_autocomplete() -> None:
    assert matching_time_zones("") == list(COMMON_TIME_ZONES)
    assert set(COMMON_TIME_ZONES) <= known_time_zones()
    assert matching_time_zones("new_y") == ["America/New_York"]
    assert matching_time_zones("new y") == ["America/New_York"]
    shanghai = matching_time_zones("shang")
    assert shanghai == ["Asia/Shanghai"]
    europe = matching_time_zones("europe/")
    assert len(europe) == 25 and all(name.startswith("Europe/") for name in europe)
    # Names starting with what was typed come before names merely containing it.
    assert matching_time_zones("us")[0].lower().startswith("us")
    assert matching_time_zones("zzzz") == []
