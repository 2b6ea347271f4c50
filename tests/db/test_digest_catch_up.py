"""The digest publisher's catch-up after downtime, and the weeks it records as skipped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.config import DigestConfigService
from bot.services.digest.publisher import Outcome
from bot.services.digest.weeks import IsoWeek
from db.enums import DigestStatus
from tests.db.digest_support import (
    CHANNEL,
    GUILD,
    PARTS,
    SLOT,
    WEEK,
    Channels,
    Clock,
    Composer,
    Poster,
    configure,
    publisher,
    row,
)


@pytest.mark.parametrize("late", [timedelta(hours=1), timedelta(hours=23, minutes=59)])
async def test_catch_up_posts_a_digest_missed_within_the_grace_window(
    session_factory: async_sessionmaker[AsyncSession], late: timedelta
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + late), Channels()
    [result] = await publisher(session_factory, clock).catch_up(Poster(channels, clock))
    assert (result.outcome, result.week) == (Outcome.POSTED, WEEK)
    assert channels.contents() == PARTS


async def test_catch_up_beyond_the_grace_window_records_the_week_as_skipped(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(hours=25)), Channels()
    composer = Composer()
    [result] = await publisher(session_factory, clock, composer).catch_up(Poster(channels, clock))
    assert (result.outcome, result.week) == (Outcome.TOO_LATE, WEEK)
    assert channels.messages == []
    assert composer.weeks == []
    skipped = await row(session_factory)
    assert skipped.status is DigestStatus.SKIPPED
    assert skipped.skip_reason is not None and "grace window" in skipped.skip_reason

    # Skipped, not posted: an admin may still post it by hand, once.
    poster = Poster(channels, clock)
    assert (await publisher(session_factory, clock).post_now(poster, GUILD)).outcome is (
        Outcome.POSTED
    )
    assert (await publisher(session_factory, clock).post_now(poster, GUILD)).outcome is (
        Outcome.ALREADY_POSTED
    )
    assert channels.contents() == PARTS


async def test_catch_up_ignores_disabled_and_unknown_schedules(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    await configure(session_factory, guild_id=GUILD + 1)
    await DigestConfigService(session_factory).update(GUILD + 1, enabled=False)
    clock, channels = Clock(SLOT + timedelta(hours=1)), Channels()
    digest = publisher(session_factory, clock)
    results = await digest.catch_up(Poster(channels, clock))
    assert [(r.outcome, r.week) for r in results] == [(Outcome.POSTED, WEEK)]
    assert (await digest.run_due(Poster(channels, clock), GUILD + 1)).outcome is (
        Outcome.NOT_SCHEDULED
    )
    assert (await digest.post_now(Poster(channels, clock), 999)).outcome is Outcome.NOT_SCHEDULED


async def test_an_empty_week_and_a_missing_channel_are_recorded_as_skipped(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    empty = await publisher(session_factory, clock, Composer([])).run_due(
        Poster(channels, clock), GUILD
    )
    assert empty.outcome is Outcome.NOTHING_TO_POST
    assert (await row(session_factory)).skip_reason == "nothing to show this week"

    clock.advance(timedelta(days=7))
    gone = Poster(channels, clock, missing_channels=frozenset({CHANNEL}))
    missing = await publisher(session_factory, clock).run_due(gone, GUILD)
    assert (missing.outcome, missing.week) == (Outcome.CHANNEL_UNAVAILABLE, IsoWeek(2026, 10))
    skipped = await row(session_factory, IsoWeek(2026, 10))
    assert skipped.status is DigestStatus.SKIPPED
    assert skipped.skip_reason == "channel unavailable: 404 Unknown Channel"
    assert channels.messages == []


async def test_a_failing_composer_leaves_the_week_skipped_not_claimed(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()

    class BrokenComposer(Composer):
        async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
            raise LookupError("selection bug")

    with pytest.raises(LookupError):
        await publisher(session_factory, clock, BrokenComposer()).run_due(
            Poster(channels, clock), GUILD
        )
    failed = await row(session_factory)
    assert failed.status is DigestStatus.SKIPPED
    assert failed.skip_reason == "composing failed: LookupError('selection bug')"
    # Fixed: an admin posts it by hand.
    fixed = await publisher(session_factory, clock).post_now(Poster(channels, clock), GUILD)
    assert fixed.outcome is Outcome.POSTED
    assert channels.contents() == PARTS
