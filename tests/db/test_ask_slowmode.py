"""Slowmode for /ask: the member's last question in that channel starts the delay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.questions import QuestionService
from db.enums import Side
from db.repositories.question import QuestionRepository
from tests.support.clock import MovableClock

GUILD = 2_000_000_000_000_001
CHANNEL, OTHER_CHANNEL = 10, 12
ALICE, BOB = 1, 2
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def _asked(
    sessions: async_sessionmaker[AsyncSession], asker: int, channel: int, at: datetime
) -> None:
    async with sessions() as session, session.begin():
        question = await QuestionRepository(session).add(
            guild_id=GUILD,
            bridge_id=None,
            asker_id=asker,
            origin_side=Side.EN,
            title="Tea?",
            body="Tea?",
            origin_channel_id=channel,
            origin_message_id=int(at.timestamp()),
            mirror_channel_id=11,
            pivot_text_en="Tea?",
        )
        question.created_at = at


async def test_wait_counts_from_the_members_last_question_in_that_channel(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    clock = MovableClock(START)
    questions = QuestionService(session_factory, clock=clock)

    async def wait(asker: int = ALICE, channel: int = CHANNEL, slowmode: int = 60) -> int:
        return await questions.slowmode_wait(GUILD, channel, asker, slowmode_seconds=slowmode)

    assert await wait() == 0  # never asked
    await _asked(session_factory, ALICE, CHANNEL, START - timedelta(seconds=100))
    await _asked(session_factory, ALICE, CHANNEL, START - timedelta(seconds=18))
    assert await wait() == 42  # the latest question counts
    assert await wait(slowmode=0) == 0  # no slowmode
    assert await wait(slowmode=10) == 0  # already past a shorter one
    assert await wait(asker=BOB) == 0  # per member
    assert await wait(channel=OTHER_CHANNEL) == 0  # per channel
    clock.advance(timedelta(seconds=41, milliseconds=500))
    assert await wait() == 1  # rounded up: never "0 s" while still refused
    clock.advance(timedelta(milliseconds=500))
    assert await wait() == 0


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_lookup_reads_the_guilds_recent_questions_by_index(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """No index of its own: the (guild_id, created_at, …) index bounds it to the slowmode
    window (at most Discord's 6 h) of one guild's questions."""
    async with session_factory() as session:
        repo = QuestionRepository(session)
        statement = repo.last_asked_at_query(
            guild_id=GUILD, channel_id=CHANNEL, asker_id=ALICE, since=START
        )
        compiled = statement.compile(session.bind, compile_kwargs={"literal_binds": True})
        plan = (await session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_questions_guild_week (guild_id=? AND created_at>?)" in details, details
