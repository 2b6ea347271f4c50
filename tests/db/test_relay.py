"""Relayed messages: recorded, found by either copy, claimed before they are sent."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.relay.faults import retry_delay
from db.enums import RelayStatus, Side
from db.models import PenpalPair, Question, RelayedMessage
from db.repositories import GuildRepository, RelayRepository
from db.repositories.relay_claims import Lease, RelayClaims

GUILD = 1
NOW = datetime(2025, 1, 14, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


async def _question(session: AsyncSession) -> int:
    await GuildRepository(session).get_or_create(GUILD)
    question = Question(
        guild_id=GUILD,
        asker_id=5,
        origin_side=Side.EN,
        title="Do Americans really need two jobs?",
        origin_channel_id=100,
        origin_thread_id=1000,
        mirror_channel_id=200,
        mirror_thread_id=2000,
    )
    session.add(question)
    await session.flush()
    return question.id


async def _pending(
    relays: RelayRepository, question_id: int, origin_message_id: int, **kw: object
) -> RelayedMessage:
    return await relays.record_pending(
        guild_id=GUILD,
        question_id=question_id,
        origin_side=Side.ZH,
        author_id=77,
        origin_message_id=origin_message_id,
        origin_channel_id=200,
        mirror_channel_id=100,
        mirror_thread_id=1000,
        original_text="不是每个人都有熊猫",
        translated_text="Not everyone has a panda",
        **{"origin_thread_id": 2000, **kw},  # type: ignore[arg-type]
    )


def test_retry_delay_doubles_up_to_the_cap_with_jitter() -> None:
    base = timedelta(seconds=10)
    still = random.Random(0)
    delays = [retry_delay(n, base=base, jitter=0, rng=still) for n in (1, 2, 3, 4)]
    assert delays == [base, base * 2, base * 4, base * 8]
    assert retry_delay(50, base=base, cap=timedelta(minutes=5), jitter=0) == timedelta(minutes=5)
    assert retry_delay(10**6, jitter=0) == timedelta(hours=1)
    spread = {retry_delay(3, base=base, rng=random.Random(seed)) for seed in range(20)}
    assert len(spread) > 1  # relays that failed together do not retry together
    assert all(timedelta(seconds=32) <= delay <= timedelta(seconds=48) for delay in spread)


async def test_pending_then_delivered_is_found_by_either_message(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        relays = RelayRepository(session)
        relay = await _pending(relays, await _question(session), 5001, low_confidence=True)
        assert relay.status is RelayStatus.PENDING
        assert relay.attempts == 0
        await session.commit()

    async with session_factory() as session:
        relays = RelayRepository(session)
        found = await relays.find_by_origin_message(5001)
        assert found is not None
        assert await relays.find_by_mirror_message(6001) is None
        await relays.mark_delivered(found, mirror_message_id=6001)
        await session.commit()

    async with session_factory() as session:
        relays = RelayRepository(session)
        delivered = await relays.find_by_mirror_message(6001)
        assert delivered is not None
        assert delivered.origin_message_id == 5001
        assert delivered.status is RelayStatus.DELIVERED
        assert delivered.attempts == 1
        assert delivered.low_confidence is True
        assert delivered.next_retry_at is None
        assert delivered.translated_text == "Not everyone has a panda"
        assert delivered.created_at.tzinfo is not None


async def test_claims_take_due_free_relays_and_only_the_first_unsent_of_a_thread(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        relays = RelayRepository(session)
        question_id = await _question(session)

        async def relay(origin: int, thread: int, **state: object) -> int:
            row = await _pending(relays, question_id, origin, origin_thread_id=thread)
            for name, value in state.items():
                setattr(row, name, value)
            await session.flush()
            return row.id

        delivered = {"status": RelayStatus.DELIVERED, "mirrored_revision": 0}
        await relay(1, 2000, **delivered)
        failed = await relay(2, 2000, status=RelayStatus.FAILED, next_retry_at=NOW - MINUTE * 5)
        await relay(3, 2000, next_retry_at=NOW - timedelta(seconds=1))  # behind 2
        held = {"next_retry_at": NOW, "lease_owner": "other", "lease_until": NOW + MINUTE}
        await relay(4, 3000, **held)
        await relay(5, 3000, next_retry_at=NOW - MINUTE)  # behind 4, held elsewhere
        await relay(6, 3001, next_retry_at=NOW + timedelta(seconds=1))  # not due yet
        await relay(7, 3001, status=RelayStatus.DEAD, next_retry_at=None)
        edit = {"revision": 1, "mirrored_revision": 0, "next_retry_at": NOW - MINUTE * 2}
        edited = await relay(8, 3002, **edit)  # an edit still to reach its mirror
        after_edit = await relay(9, 3002, next_retry_at=NOW)  # not held back by an edit
        expired = {"next_retry_at": NOW, "lease_owner": "gone", "lease_until": NOW - MINUTE}
        taken_over = await relay(10, 3003, **expired)

    async with session_factory() as session, session.begin():
        until = NOW + MINUTE * 2
        claimed = await RelayClaims(session, "me").claim_due(NOW, until, limit=10)
        assert claimed == sorted([failed, edited, after_edit, taken_over])
        assert await RelayClaims(session, "another").claim_due(NOW, until, limit=10) == []
    async with session_factory() as session, session.begin():
        assert await RelayClaims(session, "me").claim_due(NOW, until, limit=1) == []  # held


async def test_only_the_holder_may_post_and_not_once_the_original_is_deleted(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        question_id = await _question(session)
        lease = Lease("me", NOW + MINUTE)
        mine = await _pending(RelayRepository(session), question_id, 1, lease=lease)
        gone = await _pending(RelayRepository(session), question_id, 2, origin_thread_id=9)
        gone.is_deleted, gone.lease_owner, gone.lease_until = True, "me", NOW + MINUTE
        ids = mine.id, gone.id
    async with session_factory() as session, session.begin():
        other, me = RelayClaims(session, "other"), RelayClaims(session, "me")
        assert not await other.begin_send(ids[0], NOW, NOW + MINUTE, "digest", first=True)
        assert await me.begin_send(ids[0], NOW, NOW + MINUTE, "digest", first=True)
        assert not await me.begin_send(ids[1], NOW, NOW + MINUTE, "digest", first=True)
        assert not await other.take(ids[0], NOW, NOW + MINUTE)  # still held by me
        assert await other.take(ids[0], NOW + MINUTE * 2, NOW + MINUTE * 3)  # expired


async def test_an_origin_message_is_relayed_once(session: AsyncSession) -> None:
    relays = RelayRepository(session)
    question_id = await _question(session)
    await _pending(relays, question_id, 1)
    with pytest.raises(IntegrityError):
        await _pending(relays, question_id, 1)


async def test_a_relay_belongs_to_an_exchange_or_a_pair_not_both(session: AsyncSession) -> None:
    relays = RelayRepository(session)
    question_id = await _question(session)
    pair = PenpalPair(guild_id=GUILD, en_user_id=5, zh_user_id=77)
    session.add(pair)
    await session.flush()
    with pytest.raises(IntegrityError, match="one_conversation"):
        await _pending(relays, question_id, 1, penpal_pair_id=pair.id)
