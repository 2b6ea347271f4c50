"""Posted digests: exactly one claimer per guild-week, even under concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import create_engine, create_sessionmaker
from db.enums import DigestStatus
from db.models import Guild
from db.repositories import DigestRepository, GuildRepository
from tests.db.overlap import (
    DEADLINE_S,
    on_begin_immediate,
    trace_statements_started,
    until_a_postgres_backend_waits_on_a_lock,
)

GUILD = 1
WEEK = "2025-W03"
NOW = datetime(2025, 1, 20, 1, 0, tzinfo=UTC)


async def test_only_the_first_claim_wins_and_the_loser_can_go_on(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await GuildRepository(session).get_or_create(GUILD)
        await session.commit()

    async with session_factory() as session:
        assert await DigestRepository(session).claim_week(GUILD, WEEK, "shard-0", NOW) is True
        await session.commit()

    async with session_factory() as session:
        digests = DigestRepository(session)
        session.add(Guild(id=2))  # work done earlier in the same transaction
        assert await digests.claim_week(GUILD, WEEK, "shard-1", NOW) is False
        # The savepoint kept the transaction alive: more work, then commit.
        assert await digests.claim_week(2, WEEK, "shard-1", NOW) is True
        await session.commit()

    async with session_factory() as session:
        digests = DigestRepository(session)
        first = await digests.get(GUILD, WEEK)
        second = await digests.get(2, WEEK)
        assert first is not None
        assert second is not None
        assert (first.claimed_by, first.status, first.claimed_at) == (
            "shard-0",
            DigestStatus.CLAIMED,
            NOW,
        )
        assert second.claimed_by == "shard-1"


async def test_mark_posted_and_skipped_complete_a_claim_once(session: AsyncSession) -> None:
    await GuildRepository(session).get_or_create(GUILD)
    digests = DigestRepository(session)
    assert await digests.mark_posted(GUILD, WEEK, [1, 2], NOW) is False  # nothing claimed

    await digests.claim_week(GUILD, WEEK, "shard-0", NOW)
    assert await digests.mark_posted(GUILD, WEEK, [111, 222], NOW) is True
    assert await digests.mark_posted(GUILD, WEEK, [333], NOW) is False  # already posted
    assert await digests.mark_skipped(GUILD, WEEK, "too late") is False

    await digests.claim_week(GUILD, "2025-W04", "shard-0", NOW)
    assert await digests.mark_skipped(GUILD, "2025-W04", "no exchanges this week") is True
    await session.commit()
    session.expunge_all()

    posted = await digests.get(GUILD, WEEK)
    skipped = await digests.get(GUILD, "2025-W04")
    assert posted is not None
    assert skipped is not None
    assert (posted.status, posted.message_ids, posted.posted_at) == (
        DigestStatus.POSTED,
        [111, 222],
        NOW,
    )
    assert (skipped.status, skipped.skip_reason) == (
        DigestStatus.SKIPPED,
        "no exchanges this week",
    )


@pytest.mark.parametrize("week", ["2025-3", "2025-W00", "2025-W54", "2025-W3", "25-W03"])
async def test_malformed_weeks_are_refused(session: AsyncSession, week: str) -> None:
    with pytest.raises(ValueError, match="ISO week"):
        await DigestRepository(session).claim_week(GUILD, week, "shard-0", NOW)


async def test_a_claim_for_an_unknown_guild_is_an_error_not_a_lost_race(
    session: AsyncSession,
) -> None:
    with pytest.raises(IntegrityError):
        await DigestRepository(session).claim_week(404, WEEK, "shard-0", NOW)


async def test_concurrent_claims_from_two_engines_have_exactly_one_winner(
    backend: str, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session:
        await GuildRepository(session).get_or_create(GUILD)
        await session.commit()

    # Two engines stand for two bot processes sharing the database.
    engines = [create_engine(db_url), create_engine(db_url)]
    both_ready = asyncio.Barrier(2)
    # SQLite: each engine's BEGIN IMMEDIATE, seen as it starts queueing for the write lock.
    queued = [asyncio.Event(), asyncio.Event()]

    async def loser_waits(process: int) -> None:
        if backend == "sqlite":
            await queued[1 - process].wait()
        else:
            await until_a_postgres_backend_waits_on_a_lock(engines[process])

    async def claim(process: int) -> tuple[bool, int]:
        factory = create_sessionmaker(engines[process])
        await both_ready.wait()
        async with factory() as session, session.begin():
            won = await DigestRepository(session).claim_week(GUILD, WEEK, f"p{process}", NOW)
            if won:
                # Hold the winner's row uncommitted until the loser is stuck behind it: on
                # PostgreSQL its insert waits on the row, on SQLite it waits for the lock.
                await loser_waits(process)
            # The loser's transaction is still usable after its failed insert.
            visible = await DigestRepository(session).get(GUILD, WEEK)
            assert visible is not None
            return won, process

    try:
        if backend == "sqlite":
            loop = asyncio.get_running_loop()
            for engine, event in zip(engines, queued, strict=True):
                await trace_statements_started(engine, on_begin_immediate(loop, event))
        async with asyncio.timeout(DEADLINE_S):
            results = await asyncio.gather(claim(0), claim(1))
    finally:
        for engine in engines:
            await engine.dispose()

    assert sorted(won for won, _ in results) == [False, True]
    winner = next(process for won, process in results if won)
    async with session_factory() as session:
        row = await DigestRepository(session).get(GUILD, WEEK)
        assert row is not None
        assert row.claimed_by == f"p{winner}"
