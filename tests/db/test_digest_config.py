"""Digest schedules as /digest config stores them."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.config import DigestChannelRequiredError, DigestConfigService
from bot.services.digest.schedule import WeeklySlot


async def test_first_configuration_needs_a_channel_and_starts_monday_nine_shanghai(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    config = DigestConfigService(session_factory)
    assert await config.get(7) is None
    with pytest.raises(DigestChannelRequiredError):
        await config.update(7, weekday=3)
    created = await config.update(7, channel_id=70)
    assert created.slot == WeeklySlot(0, time(9, 0), "Asia/Shanghai")
    assert (created.channel_id, created.enabled) == (70, True)
    assert await config.get(7) == created


async def test_later_changes_keep_what_is_not_given(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    config = DigestConfigService(session_factory)
    await config.update(7, channel_id=70)
    await config.update(7, timezone="America/New_York", local_time=time(18, 30))
    changed = await config.update(7, weekday=6, enabled=False)
    assert changed.slot == WeeklySlot(6, time(18, 30), "America/New_York")
    assert (changed.channel_id, changed.enabled) == (70, False)
    assert await config.enabled() == []
    await config.update(7, enabled=True, channel_id=71)
    assert [s.channel_id for s in await config.enabled()] == [71]


async def test_an_unknown_time_zone_changes_nothing(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    config = DigestConfigService(session_factory)
    await config.update(7, channel_id=70)
    with pytest.raises(ValueError, match="time zone"):
        await config.update(7, channel_id=71, timezone="Asia/Beijing")
    unchanged = await config.get(7)
    assert unchanged is not None
    assert (unchanged.channel_id, unchanged.slot.timezone) == (70, "Asia/Shanghai")
