"""Reaction counts per copy of a relayed message, on both backends."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.reactions import ReactionCounter
from db.enums import Side
from db.models import RelayedMessage
from db.repositories import RelayRepository
from tests.support.digest_week import WEEK_START, WeekWriter


async def test_counts_follow_the_copy_and_never_go_below_zero(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        question = await writer.question(Side.EN, "Cat tax?", asker=1, at=WEEK_START)
        reply = await writer.reply(question, Side.ZH, "这是我的猫", author=2, at=WEEK_START)
        await session.commit()
    assert reply.mirror_message_id is not None
    counter = ReactionCounter(session_factory)

    assert await counter.reaction_added(reply.origin_message_id)
    assert await counter.reaction_added(reply.mirror_message_id)
    assert await counter.reaction_added(reply.mirror_message_id)
    assert await counter.reaction_removed(reply.origin_message_id)
    assert await counter.reaction_removed(reply.origin_message_id)  # a removal seen twice
    assert not await counter.reaction_added(424242)  # not a relayed message

    async with session_factory() as session:
        stored = await session.get(RelayedMessage, reply.id)
        assert stored is not None
        assert (stored.origin_reaction_count, stored.mirror_reaction_count) == (0, 2)


async def test_a_reaction_on_any_part_of_a_long_mirror_counts_for_the_mirror(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        writer = WeekWriter(session)
        await writer.guild()
        question = await writer.question(Side.EN, "Cat tax?", asker=1, at=WEEK_START)
        reply = await writer.reply(question, Side.ZH, "这是我的猫" * 500, author=2, at=WEEK_START)
        assert reply.mirror_message_id is not None
        await RelayRepository(session).set_parts(reply, [reply.mirror_message_id, 777, 778])
        await session.commit()
    counter = ReactionCounter(session_factory)

    assert await counter.reaction_added(778)
    assert await counter.reaction_added(777)
    assert await counter.reaction_removed(778)

    async with session_factory() as session:
        stored = await session.get(RelayedMessage, reply.id)
        assert stored is not None
        assert stored.continuation_ids == [777, 778]
        assert (stored.origin_reaction_count, stored.mirror_reaction_count) == (0, 1)
