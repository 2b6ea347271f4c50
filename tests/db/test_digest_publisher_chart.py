"""The chart of the week through the publisher: one more message after the text, posted
exactly once across crashes and takeovers, and never in the way of the text when it fails."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.ports import DigestChart
from bot.services.digest.publisher import Outcome
from bot.services.digest.weeks import IsoWeek
from db.enums import DigestStatus
from tests.db.digest_support import (
    GUILD,
    LEASE,
    PARTS,
    SLOT,
    Channels,
    Clock,
    Composer,
    CrashError,
    Poster,
    configure,
    publisher,
    row,
)

CHART = DigestChart(b"\x89PNG chart", "yiqi-digest.png", "📈 The week in a chart", "alt 1/0")
WITH_CHART = [*PARTS, CHART.caption]


async def test_the_chart_follows_the_text_in_its_own_message(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    result = await publisher(session_factory, clock, Composer(chart=CHART)).run_due(
        Poster(channels, clock), GUILD
    )
    assert result.outcome is Outcome.POSTED
    assert channels.contents() == WITH_CHART
    assert [m.chart for m in channels.messages] == [None, None, None, CHART]
    assert (await row(session_factory)).message_ids == [m.id for m in channels.messages]


@pytest.mark.parametrize(
    ("crash_at", "after_sending"),
    [
        pytest.param(3, False, id="before-the-chart"),
        pytest.param(3, True, id="chart-sent-but-not-recorded"),
        pytest.param(2, True, id="text-sent-chart-not"),
    ],
)
async def test_a_crash_around_the_chart_never_posts_it_twice(
    session_factory: async_sessionmaker[AsyncSession], crash_at: int, after_sending: bool
) -> None:
    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    crashing = Poster(
        channels, clock, "first", crash_at=crash_at, crash_after_sending=after_sending
    )
    first = publisher(session_factory, clock, Composer(chart=CHART), name="first")
    with pytest.raises(CrashError):
        await first.run_due(crashing, GUILD)

    clock.advance(LEASE + timedelta(minutes=1))
    composer = Composer(chart=CHART)
    survivor = publisher(session_factory, clock, composer, name="second")
    recovered = await survivor.catch_up(Poster(channels, clock, "second"))
    assert [r.outcome for r in recovered] == [Outcome.POSTED]
    assert channels.contents() == WITH_CHART
    assert sum(m.chart is not None for m in channels.messages) == 1
    # Drawn again only if the chart was still to be sent.
    assert composer.drawn == (0 if (crash_at, after_sending) == (3, True) else 1)
    done = await row(session_factory)
    assert done.status is DigestStatus.POSTED
    assert done.message_ids == [m.id for m in channels.messages]


async def test_a_chart_that_cannot_be_drawn_leaves_the_digest_posted_without_it(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenChart(Composer):
        async def chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
            raise RuntimeError("no canvas")

    await configure(session_factory)
    clock, channels = Clock(SLOT + timedelta(seconds=1)), Channels()
    digest = publisher(session_factory, clock, BrokenChart())
    with caplog.at_level(logging.ERROR, "bot.services.digest.publisher"):
        result = await digest.run_due(Poster(channels, clock), GUILD)
        preview = await digest.preview_chart(GUILD, IsoWeek(2026, 9))
    assert result.outcome is Outcome.POSTED
    assert channels.contents() == PARTS
    assert preview is None
    failures = [r for r in caplog.records if "drawing the digest chart" in r.getMessage()]
    assert len(failures) == 2 and failures[0].exc_info is not None
