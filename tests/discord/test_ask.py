"""/ask through SimCord: posts under the asker's name, offers similar earlier questions."""

from __future__ import annotations

import discord
import pytest
import simcord

from tests.discord.support import World, bridged, last_reply, only_thread, relayed


def reply_message(result: simcord.InteractionResult) -> discord.Message:
    """The message the member sees last (a deferred reply is edited in place)."""
    shown = result.followups[-1] if result.followups else result.response
    assert shown is not None
    return shown.message


@pytest.mark.realmodel
async def test_ask_posts_the_question_and_opens_both_threads(world: World) -> None:
    w = await bridged(world)
    result = await w.wei.slash(w.zh_channel, "ask", question="美国人真的要打两份工才能生活吗？")
    assert last_reply(result) == "Your question is posted."
    [posted] = relayed(w.zh_channel)
    assert posted.author.name == "小伟"
    assert only_thread(w.zh_channel) and only_thread(w.en_channel)
    [mirror] = relayed(w.en_channel)
    assert "two jobs" in mirror.content.lower()


@pytest.mark.realmodel
async def test_similar_question_from_the_other_side_is_offered_first(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    english_thread = only_thread(w.en_channel)

    offered = await w.wei.slash(w.zh_channel, "ask", question="每个中国人都有大熊猫吗？")
    reply = reply_message(offered)
    assert "Already asked" in reply.content
    assert f"/{english_thread.id})" in reply.content
    assert len(w.zh_channel.threads) == 1  # nothing posted yet

    await w.wei.click(reply, label="Cancel")
    assert len(w.zh_channel.threads) == 1

    again = await w.wei.slash(w.zh_channel, "ask", question="每个中国人都有大熊猫吗？")
    await w.wei.click(reply_message(again), label="Post anyway")
    assert len(w.zh_channel.threads) == 2


@pytest.mark.realmodel
async def test_direct_post_points_to_similar_questions_in_its_thread(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    first = only_thread(w.en_channel)
    await w.wei.send(w.zh_channel, "每个中国人都有大熊猫吗？")
    [thread] = [t for t in w.zh_channel.threads if t.name == "每个中国人都有大熊猫吗？"]
    notice = [m.content for m in thread.history() if "之前有人问过" in m.content]
    assert notice and f"/{first.id})" in notice[0]


async def test_ask_outside_a_bridge_explains_where(world: World) -> None:
    w = world
    lonely = w.guild.create_text_channel("general")
    result = await w.alice.slash(lonely, "ask", question="Hello?")
    assert "/ask" in last_reply(result)
