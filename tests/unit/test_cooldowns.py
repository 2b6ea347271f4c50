"""Per-member cooldowns: a window per (guild, member), counted on the bot's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.services.cooldowns import MemberCooldown, Rate
from bot.settings import Settings
from tests.support.clock import MovableClock


def test_rates_are_read_as_uses_per_seconds() -> None:
    assert Rate.parse("5/60") == Rate(5, 60.0)
    assert Rate.parse(" 1 / 2.5s ") == Rate(1, 2.5)
    for bad in ("0/60", "5/0", "five", "5", "-1/60"):
        with pytest.raises(ValueError, match="USES/SECONDS"):
            Rate.parse(bad)


def test_settings_refuse_a_bad_rate() -> None:
    assert Settings(translate_rate="2/30").translate_rate == "2/30"
    with pytest.raises(ValueError, match="USES/SECONDS"):
        Settings(ask_rate="often")


def test_a_member_waits_for_the_oldest_use_to_leave_the_window() -> None:
    clock = MovableClock(datetime(2026, 1, 1, tzinfo=UTC))
    limit = MemberCooldown(Rate(2, 60), clock)
    assert limit.use(1, 10) is None
    clock.advance(timedelta(seconds=20))
    assert limit.use(1, 10) is None
    assert limit.use(1, 10) == 40  # the first use leaves the window at 60 s
    clock.advance(timedelta(seconds=39.5))
    assert limit.use(1, 10) == 1  # rounded up: never "try again in 0 s"
    clock.advance(timedelta(seconds=0.5))
    assert limit.use(1, 10) is None
    assert limit.use(1, 10) == 20


def test_members_and_guilds_are_counted_apart() -> None:
    clock = MovableClock(datetime(2026, 1, 1, tzinfo=UTC))
    limit = MemberCooldown(Rate(1, 30), clock)
    assert limit.use(1, 10) is None
    assert limit.use(1, 11) is None  # another member
    assert limit.use(2, 10) is None  # the same member in another guild
    assert limit.use(None, 10) is None  # in a DM
    assert limit.use(1, 10) == 30
