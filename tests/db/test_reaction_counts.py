"""Reaction counts per copy of a relayed message, on both backends."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.exchange.reactions import ReactionCounter
from db.enums import Side
from db.models import RelayedMessage
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
