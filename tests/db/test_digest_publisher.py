"""The digest publisher: exactly once per guild-week, across restarts, crashes and races.

Catch-up and skipped weeks: test_digest_catch_up.py."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.config import DigestConfigService
from bot.services.digest.publisher import Outcome
from bot.services.digest.weeks import IsoWeek
from db.engine import create_engine, create_sessionmaker
from db.enums import DigestStatus
from tests.db.digest_support import (
    CHANNEL,
    GUILD,
    LEASE,
    PARTS,
    SLOT,
    WEEK,
    Channels,
    Clock,
    Composer,
    CrashError,
    Poster,
    configure,
    publisher,
    row,
)


async def test_the_due_digest_is_posted_once_and_recorded(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    composer = Composer()
    digest = publisher(session_factory, clock, composer)

    first = await digest.run_due(Poster(channels, clock), GUILD)
    assert (first.outcome, first.week, first.channel_id) == (Outcome.POSTED, WEEK, CHANNEL)
    assert channels.contents() == PARTS
    assert first.message_ids == tuple(m.id for m in channels.messages)

    again = await digest.run_due(Poster(channels, clock), GUILD)
    assert again.outcome is Outcome.ALREADY_POSTED
    assert again.message_ids == first.message_ids
    assert len(channels.messages) == 3
    assert composer.weeks == [WEEK]  # nothing composed for a week already posted

    posted = await row(session_factory)
    assert (posted.status, posted.claimed_by, posted.channel_id) == (
        DigestStatus.POSTED,
        "p1",
        CHANNEL,
    )
    assert (posted.message_ids, posted.posted_at) == (list(first.message_ids), clock.now)


async def test_exactly_once_across_a_restart(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Two processes one after the other on the same database file (a restart)."""
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(hours=2)), Channels()
    before = create_engine(db_url)
    try:
        sessions = create_sessionmaker(before)
        result = await publisher(sessions, clock, name="before").catch_up(Poster(channels, clock))
        assert [r.outcome for r in result] == [Outcome.POSTED]
    finally:
        await before.dispose()

    clock.advance(timedelta(minutes=5))
    after = create_engine(db_url)
    try:
        sessions = create_sessionmaker(after)
        restarted = publisher(sessions, clock, name="after")
        assert [r.outcome for r in await restarted.catch_up(Poster(channels, clock))] == [
            Outcome.ALREADY_POSTED
        ]
        assert (await restarted.post_now(Poster(channels, clock), GUILD)).outcome is (
            Outcome.ALREADY_POSTED
        )
        assert (await row(sessions)).claimed_by == "before"
    finally:
        await after.dispose()
    assert channels.contents() == PARTS


@pytest.mark.parametrize(
    ("crash_at", "after_sending"),
    [
        pytest.param(0, False, id="before-the-first-message"),
        pytest.param(1, False, id="between-messages"),
        pytest.param(1, True, id="sent-but-not-recorded"),
        pytest.param(2, True, id="last-sent-but-not-recorded"),
    ],
)
async def test_a_crash_between_claim_and_post_is_recovered_without_a_double_post(
    session_factory: async_sessionmaker[AsyncSession], crash_at: int, after_sending: bool
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    crashing = Poster(
        channels, clock, "first", crash_at=crash_at, crash_after_sending=after_sending
    )
    with pytest.raises(CrashError):
        await publisher(session_factory, clock, name="first").run_due(crashing, GUILD)
    assert (await row(session_factory)).status is DigestStatus.CLAIMED

    # Within the lease the claim may still be alive (a slow process): nobody else posts.
    clock.advance(LEASE - timedelta(minutes=1))
    survivor = publisher(session_factory, clock, name="second")
    assert (await survivor.run_due(Poster(channels, clock, "second"), GUILD)).outcome is (
        Outcome.IN_PROGRESS
    )

    clock.advance(timedelta(minutes=2))
    recovered = await survivor.catch_up(Poster(channels, clock, "second"))
    assert [r.outcome for r in recovered] == [Outcome.POSTED]
    assert channels.contents() == PARTS  # every part exactly once, in order
    done = await row(session_factory)
    assert (done.status, done.claimed_by) == (DigestStatus.POSTED, "second")
    assert done.message_ids == [m.id for m in channels.messages]


async def test_a_stalled_holder_that_lost_its_claim_stops_posting(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    other = publisher(session_factory, clock, name="other")

    class StallingComposer(Composer):
        async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
            # The first process hangs past its lease; another one takes over meanwhile.
            clock.advance(LEASE + timedelta(minutes=1))
            taken = await other.run_due(Poster(channels, clock, "other"), guild_id)
            assert taken.outcome is Outcome.POSTED
            return await super().compose(guild_id, week)

    stalled = publisher(session_factory, clock, StallingComposer(), name="stalled")
    result = await stalled.run_due(Poster(channels, clock, "stalled"), GUILD)
    assert result.outcome is Outcome.LOST_CLAIM
    assert channels.contents() == PARTS
    assert {m.by for m in channels.messages} == {"other"}


async def test_digest_now_and_the_scheduled_slot_share_one_claim(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    # Monday 08:00 in Shanghai, an hour before the slot: "now" posts last week's digest...
    clock, channels = Clock(SLOT - timedelta(hours=1)), Channels()
    now = await publisher(session_factory, clock).post_now(Poster(channels, clock), GUILD)
    assert (now.outcome, now.week) == (Outcome.POSTED, WEEK)
    # ...and the slot an hour later finds it done.
    clock.advance(timedelta(hours=1, seconds=1))
    due = await publisher(session_factory, clock, name="p2").run_due(Poster(channels, clock), GUILD)
    assert (due.outcome, due.week) == (Outcome.ALREADY_POSTED, WEEK)
    assert channels.contents() == PARTS


async def test_two_processes_racing_for_the_same_week_post_it_once(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Two engines (two processes' pools) on one database, both firing at the slot."""
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    engines = [create_engine(db_url), create_engine(db_url)]
    start = asyncio.Barrier(2)

    async def fire(number: int) -> Outcome:
        digest = publisher(create_sessionmaker(engines[number]), clock, name=f"p{number}")
        await start.wait()
        return (await digest.run_due(Poster(channels, clock, f"p{number}"), GUILD)).outcome

    try:
        outcomes = await asyncio.gather(fire(0), fire(1))
    finally:
        for engine in engines:
            await engine.dispose()
    # The loser either saw the posted row or (PostgreSQL, mid-post) the winner's fresh claim.
    assert outcomes.count(Outcome.POSTED) == 1
    assert set(outcomes) - {Outcome.POSTED} <= {Outcome.ALREADY_POSTED, Outcome.IN_PROGRESS}
    assert channels.contents() == PARTS


async def test_a_job_left_at_an_old_slot_posts_nothing_early(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Another process moved the schedule; this one's job still fires at the old slot."""
    await configure(session_factory)  # Monday 09:00
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    assert (
        await publisher(session_factory, clock).run_due(Poster(channels, clock), GUILD)
    ).outcome is (Outcome.POSTED)
    await DigestConfigService(session_factory).update(GUILD, weekday=2)  # now Wednesday 09:00
    clock.advance(timedelta(days=7))  # the old Monday slot
    stale = await publisher(session_factory, clock).run_due(Poster(channels, clock), GUILD)
    assert (stale.outcome, stale.week) == (Outcome.ALREADY_POSTED, WEEK)
    clock.advance(timedelta(days=2))  # the new Wednesday slot
    moved = await publisher(session_factory, clock).run_due(Poster(channels, clock), GUILD)
    assert (moved.outcome, moved.week) == (Outcome.POSTED, IsoWeek(2026, 10))
    assert len(channels.messages) == 6
