"""A pen-pal pair counts as open only once both private threads are stored; otherwise undone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.penpal.opening import UNOPENED_GRACE, PairOpening
from bot.services.penpal.pool import JoinRequest, PenpalService
from bot.services.penpal.proposals import AnswerKind, PenpalProposalService
from db.enums import PenpalLevel, ProposalStatus, Side
from db.models import PenpalPair, PenpalProposal
from tests.support.clock import MovableClock

GUILD = 10
ALICE, BOB, WEI, LIN = 1, 2, 21, 22


class Opening:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.clock = MovableClock(datetime(2025, 1, 14, 12, 0, tzinfo=UTC))
        self.pool = PenpalService(sessions, clock=self.clock)
        self.proposals = PenpalProposalService(
            sessions, None, proposal_lifetime=timedelta(hours=48), clock=self.clock
        )
        self.opening = PairOpening(sessions, clock=self.clock)

    async def join(self, user_id: int, side: Side) -> None:
        self.clock.advance(timedelta(seconds=1))  # a distinct place in the queue each
        await self.pool.join(
            JoinRequest(
                guild_id=GUILD,
                user_id=user_id,
                side=side,
                level=PenpalLevel.BEGINNER,
                interests=[],
                timezone="Asia/Shanghai",
                intro="hi",
                adult=True,
                consent=True,
            )
        )

    async def accepted_pair(self) -> int:
        """Alice and Wei both accept; Bob and Lin join afterwards (they queue behind)."""
        await self.pool.configure(GUILD, en_channel_id=1, zh_channel_id=2, moderators_channel_id=3)
        await self.join(ALICE, Side.EN)
        await self.join(WEI, Side.ZH)
        [card, _] = await self.proposals.match(GUILD)
        await self.join(BOB, Side.EN)
        await self.join(LIN, Side.ZH)
        await self.proposals.answer(card.proposal_id, ALICE, accept=True)
        answer = await self.proposals.answer(card.proposal_id, WEI, accept=True)
        assert answer.kind is AnswerKind.PAIRED and answer.pair is not None
        return answer.pair.pair_id

    async def first_in_line(self, user_id: int) -> bool:
        status = await self.pool.status(GUILD, user_id)
        return status.partner_id is None and (status.waitlist_position, status.waiting_total) == (
            1,
            2,
        )

    async def pairs(self) -> list[PenpalPair]:
        async with self.sessions() as session:
            return list((await session.scalars(select(PenpalPair))).all())


async def test_a_pair_whose_threads_failed_is_undone_and_both_are_first_in_line(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    o = Opening(session_factory)
    pair_id = await o.accepted_pair()
    assert sorted(await o.opening.abandon(pair_id)) == [ALICE, WEI]
    assert await o.pairs() == []  # not a past pair: they may be proposed again
    assert await o.first_in_line(ALICE) and await o.first_in_line(WEI)
    async with session_factory() as session:
        [status] = (await session.scalars(select(PenpalProposal.status))).all()
    assert status is ProposalStatus.EXPIRED
    assert await o.opening.abandon(pair_id) == []  # twice is harmless
    with pytest.raises(LookupError):  # a late set_threads finds nothing to open
        await o.opening.set_threads(pair_id, en_thread_id=501, zh_thread_id=502)


async def test_a_pair_left_half_open_by_a_crash_is_undone_after_the_grace(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    o = Opening(session_factory)
    await o.accepted_pair()
    assert await o.opening.abandon_unopened() == []  # perhaps still being opened
    o.clock.advance(UNOPENED_GRACE + timedelta(seconds=1))
    assert sorted(await o.opening.abandon_unopened()) == [ALICE, WEI]
    assert await o.pairs() == []
    assert await o.first_in_line(ALICE) and await o.first_in_line(WEI)


async def test_an_open_pair_is_never_undone(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    o = Opening(session_factory)
    pair_id = await o.accepted_pair()
    await o.opening.set_threads(pair_id, en_thread_id=501, zh_thread_id=502)
    o.clock.advance(UNOPENED_GRACE * 10)
    assert await o.opening.abandon_unopened() == []
    assert await o.opening.abandon(pair_id) == []
    [pair] = await o.pairs()
    assert (pair.en_thread_id, pair.zh_thread_id) == (501, 502)
    assert (await o.pool.status(GUILD, ALICE)).partner_id == WEI
