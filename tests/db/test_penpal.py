"""Pen-pal services on real SQLite (and PostgreSQL): pool, matching rules, queue, safety."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.penpal.opening import PairOpening
from bot.services.penpal.pool import JoinOutcome, JoinRequest, PenpalService
from bot.services.penpal.proposals import AnswerKind, PenpalProposalService, ProposalCard
from bot.services.penpal.safety import BlockOutcome, PenpalSafetyService
from bot.services.time_zones import matching_time_zones
from db.engine import create_engine, create_sessionmaker
from db.enums import PenpalLevel, PenpalStatus, Side
from db.models import PenpalPair, PenpalReport, RelayedMessage

GUILD = 10
START = datetime(2025, 1, 14, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class PenPals:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.clock = Clock()
        self.sessions = sessions
        self.pool = PenpalService(sessions, clock=self.clock)
        self.proposals = PenpalProposalService(
            sessions, None, proposal_lifetime=timedelta(hours=48), clock=self.clock
        )
        self.safety = PenpalSafetyService(sessions, clock=self.clock)

    async def setup(self) -> PenPals:
        await self.pool.configure(GUILD, en_channel_id=1, zh_channel_id=2, moderators_channel_id=3)
        return self

    async def join(self, user_id: int, side: Side, *interests: str, **kw: object) -> JoinOutcome:
        self.clock.tick(seconds=1)  # a distinct place in the queue for each member
        request = JoinRequest(
            guild_id=GUILD,
            user_id=user_id,
            side=side,
            level=PenpalLevel.BEGINNER,
            interests=list(interests),
            timezone=str(kw.get("timezone", "Asia/Shanghai")),
            intro=f"hi from {user_id}",
            adult=bool(kw.get("adult", True)),
            consent=True,
        )
        return await self.pool.join(request)

    async def pairs_proposed(self) -> set[tuple[int, int]]:
        cards = await self.proposals.match(GUILD)
        return {(c.recipient_id, c.partner_id) for c in cards if c.recipient_side is Side.EN}

    async def pair_up(self, en: int, zh: int) -> int:
        cards = [c for c in await self.proposals.match(GUILD) if c.recipient_id == en]
        [card] = cards
        assert card.partner_id == zh
        assert (
            await self.proposals.answer(card.proposal_id, en, accept=True)
        ).kind is AnswerKind.WAITING
        answer = await self.proposals.answer(card.proposal_id, zh, accept=True)
        assert answer.kind is AnswerKind.PAIRED and answer.pair is not None
        return answer.pair.pair_id


async def test_join_needs_adult_and_consent_and_a_real_time_zone(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    assert await p.join(1, Side.EN, adult=False) is JoinOutcome.NEEDS_CONSENT
    assert await p.join(1, Side.EN, timezone="Mars/Olympus") is JoinOutcome.UNKNOWN_TIMEZONE
    assert await p.join(1, Side.EN, "Pets", "pets", " cooking ") is JoinOutcome.JOINED
    assert await p.join(1, Side.EN, "pets") is JoinOutcome.UPDATED
    status = await p.pool.status(GUILD, 1)
    assert status.joined and status.waitlist_position == 1 and status.side is Side.EN
    assert "Asia/Shanghai" in matching_time_zones("shang")
    assert len(matching_time_zones("a")) == 25


async def test_paused_members_are_not_matched_until_they_resume(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN)
    await p.join(2, Side.ZH)
    assert await p.pool.pause(GUILD, 2)
    assert await p.pairs_proposed() == set()
    assert (await p.pool.status(GUILD, 2)).status is PenpalStatus.PAUSED
    assert await p.pool.resume(GUILD, 2)
    assert await p.pairs_proposed() == {(1, 2)}


async def test_nothing_is_matched_before_the_channels_are_configured(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = PenPals(session_factory)
    await p.join(1, Side.EN)
    await p.join(2, Side.ZH)
    assert await p.pairs_proposed() == set()


async def test_larger_side_waits_longest_first_with_positions(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    for user in (21, 22, 23):
        await p.join(user, Side.ZH)
    await p.join(1, Side.EN)
    assert [(await p.pool.status(GUILD, u)).waitlist_position for u in (21, 22, 23)] == [1, 2, 3]
    assert await p.pairs_proposed() == {(1, 21)}
    # Proposed members leave the waitlist; the others move up.
    status = await p.pool.status(GUILD, 22)
    assert status.waitlist_position == 1 and status.waiting_total == 2
    assert (await p.pool.status(GUILD, 21)).proposed_partner_id == 1
    # No side switch in the middle of a proposal (pairs are stored by side).
    assert await p.join(21, Side.EN) is JoinOutcome.SIDE_LOCKED
    assert await p.join(22, Side.EN) is JoinOutcome.UPDATED  # waiting: free to switch


async def test_past_pairs_and_blocks_are_never_matched_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN)
    await p.join(21, Side.ZH)
    await p.pair_up(1, 21)
    assert await p.safety.end(GUILD, 1) is not None
    assert await p.pairs_proposed() == set()  # the only partner is a past pair

    await p.join(22, Side.ZH)
    outcome, ended = await p.safety.block(GUILD, 22, 1)  # blocked by the Chinese side
    assert outcome is BlockOutcome.BLOCKED and ended is None
    assert await p.pairs_proposed() == set()
    assert (await p.pool.status(GUILD, 22)).blocked == (1,)
    assert await p.safety.unblock(GUILD, 22, 1)
    assert (await p.pool.status(GUILD, 22)).blocked == ()
    assert await p.pairs_proposed() == {(1, 22)}


async def test_decline_returns_the_other_to_the_front_and_the_decliner_to_the_back(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN)
    await p.join(21, Side.ZH)
    for user in (22, 23):
        await p.join(user, Side.ZH)
    [card] = [c for c in await p.proposals.match(GUILD) if c.recipient_id == 1]
    assert card.partner_id == 21
    answer = await p.proposals.answer(card.proposal_id, 1, accept=False)
    assert answer.kind is AnswerKind.DECLINED and answer.back_to_front == (21,)
    assert (await p.pool.status(GUILD, 21)).waitlist_position == 1
    # A closed proposal can't be answered again; strangers can't answer at all.
    again = await p.proposals.answer(card.proposal_id, 21, accept=True)
    assert again.kind is AnswerKind.CLOSED
    assert (
        await p.proposals.answer(card.proposal_id, 99, accept=True)
    ).kind is AnswerKind.NOT_YOURS
    # The decliner is offered someone else, never the same member again.
    assert await p.pairs_proposed() == {(1, 22)}


async def test_expiry_puts_who_accepted_at_the_front_and_pauses_who_did_not_answer(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN)
    for user in (21, 22, 23):
        await p.join(user, Side.ZH)
    [card] = [c for c in await p.proposals.match(GUILD) if c.recipient_id == 21]
    await p.proposals.answer(card.proposal_id, 21, accept=True)
    p.clock.tick(hours=47)
    assert await p.proposals.expire_due() == []
    p.clock.tick(hours=2)
    assert await p.proposals.expire_due() == [21]
    assert (await p.pool.status(GUILD, 21)).waitlist_position == 1
    assert (await p.pool.status(GUILD, 1)).status is PenpalStatus.PAUSED
    assert (await p.proposals.answer(card.proposal_id, 1, accept=True)).kind is AnswerKind.CLOSED


async def test_cards_show_the_partner_and_their_local_time(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN, "pets", timezone="America/Chicago")
    await p.join(21, Side.ZH, "pets", "food")
    cards: list[ProposalCard] = await p.proposals.match(GUILD)
    to_alice = next(c for c in cards if c.recipient_id == 1)
    assert to_alice.partner_interests == ("pets", "food")
    assert to_alice.partner_local_time == "20:00"  # 12:00 UTC in Shanghai
    to_wei = next(c for c in cards if c.recipient_id == 21)
    assert to_wei.partner_local_time == "06:00" and to_wei.partner_timezone == "America/Chicago"


async def test_end_block_and_report_with_a_bilingual_transcript(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN)
    await p.join(21, Side.ZH)
    pair_id = await p.pair_up(1, 21)
    await PairOpening(session_factory).set_threads(pair_id, en_thread_id=501, zh_thread_id=502)
    assert (await p.pool.status(GUILD, 1)).thread_id == 501
    async with session_factory() as session, session.begin():
        session.add(
            RelayedMessage(
                guild_id=GUILD,
                penpal_pair_id=pair_id,
                origin_side=Side.ZH,
                author_id=21,
                author_name="小伟",
                origin_message_id=9001,
                origin_channel_id=2,
                origin_thread_id=502,
                mirror_channel_id=1,
                mirror_thread_id=501,
                original_text="你家有大熊猫吗？",
                translated_text="Do you have a panda at home?",
            )
        )
    outcome, ended = await p.safety.block(GUILD, 1, 21)
    assert outcome is BlockOutcome.BLOCKED and ended is not None and ended.zh_thread_id == 502
    assert (await p.safety.block(GUILD, 1, 21))[0] is BlockOutcome.ALREADY
    assert (await p.pool.status(GUILD, 1)).partner_id is None

    filed = await p.safety.report(GUILD, 1, "rude")
    assert filed is not None and filed.reported_id == 21 and filed.moderators_channel_id == 3
    [line] = filed.transcript
    assert (
        line.original == "你家有大熊猫吗？" and line.translation == "Do you have a panda at home?"
    )
    await p.safety.report_posted(filed.report_id, 777)
    async with session_factory() as session:
        report = await session.get(PenpalReport, filed.report_id)
        pair = await session.get(PenpalPair, pair_id)
    assert report is not None and report.moderators_message_id == 777
    assert "你家有大熊猫吗？" in report.transcript and "panda at home" in report.transcript
    assert pair is not None and pair.ended_by_id == 1
    assert await p.safety.report(GUILD, 99, "who?") is None


async def test_leave_withdraws_and_ends_everything(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = await PenPals(session_factory).setup()
    await p.join(1, Side.EN)
    await p.join(21, Side.ZH)
    await p.join(22, Side.ZH)
    await p.proposals.match(GUILD)
    left = await p.pool.leave(GUILD, 1)
    assert left is not None and left.back_to_front == (21,) and left.ended is None
    assert (await p.pool.status(GUILD, 21)).waitlist_position == 1
    assert (await p.pool.status(GUILD, 1)).status is PenpalStatus.LEFT
    assert await p.pool.leave(GUILD, 1) is None
    assert await p.pairs_proposed() == set()


async def test_two_processes_matching_at_once_propose_each_member_once(
    session_factory: async_sessionmaker[AsyncSession], db_url: str
) -> None:
    p = await PenPals(session_factory).setup()
    for user in range(1, 7):
        await p.join(user, Side.EN)
    for user in range(101, 121):
        await p.join(user, Side.ZH)
    # A second process: its own engine and connection pool on the same database.
    other_engine = create_engine(db_url)
    try:
        other = PenpalProposalService(
            create_sessionmaker(other_engine),
            None,
            proposal_lifetime=timedelta(hours=48),
            clock=p.clock,
        )
        first, second = await asyncio.gather(p.proposals.match(GUILD), other.match(GUILD))
    finally:
        await other_engine.dispose()
    recipients = [c.recipient_id for c in first + second]
    assert len(recipients) == len(set(recipients)) == 12  # 6 pairs, nobody proposed twice
    assert not (first and second)  # one process found the pool already proposed
