"""Reactions on an original and on its mirror are counted for the digest, per copy."""

from __future__ import annotations

from sqlalchemy import select

from db.models import RelayedMessage
from tests.discord.support import World, bridged, only_thread, relayed


async def _counts(world: World) -> list[tuple[int, int]]:
    async with world.bot.services.sessions() as session:
        rows = await session.execute(
            select(RelayedMessage.origin_reaction_count, RelayedMessage.mirror_reaction_count)
            .where(RelayedMessage.question_id.is_not(None))
            .order_by(RelayedMessage.id)
        )
        return [(origin, mirror) for origin, mirror in rows]


async def test_reactions_on_both_copies_are_counted_and_uncounted(world: World) -> None:
    w = await bridged(world)
    question = await w.wei.send(w.zh_channel, "大家养猫吗？请交猫税！")
    assert only_thread(w.en_channel)  # the mirrored question opened its thread
    mirror = relayed(w.en_channel)[0]  # the mirrored post the thread starts from

    await w.alice.react(mirror, "😺")  # the other side's reader
    await w.admin.react(mirror, "👍")
    await w.wei.react(question, "❤️")  # the asker's own side
    assert await _counts(w) == [(1, 2)]

    await w.admin.unreact(mirror, "👍")
    assert await _counts(w) == [(1, 1)]


async def test_reactions_elsewhere_change_nothing(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    chatter = await w.admin.send(w.guild.create_text_channel("general"), "hello")
    await w.wei.react(chatter, "👋")
    await w.wei.unreact(chatter, "👋")
    assert await _counts(w) == [(0, 0)]
