"""Relayed messages: pending → delivered or failed with scheduled retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import RelayStatus, Side
from db.models import PenpalPair, Question, RelayedMessage
from db.repositories import GuildRepository, RelayRepository, retry_backoff

GUILD = 1
NOW = datetime(2025, 1, 14, 12, 0, tzinfo=UTC)


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
        origin_thread_id=2000,
        mirror_channel_id=100,
        mirror_thread_id=1000,
        original_text="不是每个人都有熊猫",
        translated_text="Not everyone has a panda",
        **kw,  # type: ignore[arg-type]
    )


def test_retry_backoff_doubles_up_to_the_cap() -> None:
    base = timedelta(seconds=10)
    assert [retry_backoff(n, base=base) for n in (1, 2, 3, 4)] == [
        base,
        2 * base,
        4 * base,
        8 * base,
    ]
    assert retry_backoff(50, base=base, cap=timedelta(minutes=5)) == timedelta(minutes=5)
    assert retry_backoff(10**6) == timedelta(hours=1)
    assert retry_backoff(0, base=base) == base


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


async def test_failures_are_retried_when_due_oldest_first(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        relays = RelayRepository(session)
        question_id = await _question(session)
        late = await _pending(relays, question_id, 1)
        early = await _pending(relays, question_id, 2)
        future = await _pending(relays, question_id, 3)
        given_up = await _pending(relays, question_id, 4)
        delivered = await _pending(relays, question_id, 5, retry_at=NOW - timedelta(hours=1))
        deleted = await _pending(relays, question_id, 6, retry_at=NOW - timedelta(hours=1))
        # Recorded with a safety retry time: picked up if the sender dies before delivering.
        crashed = await _pending(relays, question_id, 7, retry_at=NOW - timedelta(seconds=1))
        untracked = await _pending(relays, question_id, 8)  # no retry time: not in the sweep

        await relays.mark_failed(late, error="429 Too Many Requests", retry_at=NOW)
        await relays.mark_failed(early, error="503", retry_at=NOW - timedelta(minutes=5))
        await relays.mark_failed(early, error="503 again", retry_at=NOW - timedelta(minutes=2))
        await relays.mark_failed(future, error="timeout", retry_at=NOW + timedelta(seconds=1))
        await relays.mark_failed(given_up, error="404 Unknown Channel", retry_at=None)
        await relays.mark_delivered(delivered, mirror_message_id=9005)
        deleted.is_deleted = True
        await session.commit()
        expected = [early.id, crashed.id, late.id]
        assert untracked.next_retry_at is None

    async with session_factory() as session:
        relays = RelayRepository(session)
        due = await relays.list_due_retries(NOW)
        assert [relay.id for relay in due] == expected
        assert due[0].attempts == 2
        assert due[0].last_error == "503 again"
        assert due[0].status is RelayStatus.FAILED
        assert [relay.id for relay in await relays.list_due_retries(NOW, limit=2)] == expected[:2]


async def test_long_errors_are_truncated(session: AsyncSession) -> None:
    relays = RelayRepository(session)
    relay = await _pending(relays, await _question(session), 1)
    await relays.mark_failed(relay, error="x" * 10_000, retry_at=NOW)
    assert relay.last_error is not None
    assert len(relay.last_error) == 2000


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
