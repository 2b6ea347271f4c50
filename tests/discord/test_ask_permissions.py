"""/ask respects the member's permissions and the channel's slowmode, as Discord would.

/ask posts through a webhook, which Discord never checks against the member: Yiqi does.
"""

from __future__ import annotations

import re
from datetime import timedelta

import discord
import simcord

from tests.discord.permission_steps import deny, set_slowmode
from tests.discord.support import World, bridged, last_reply, relayed
from tests.support.clock import MovableClock

# Long enough that the real seconds a scenario takes never matter; within Discord's 6 h.
SLOWMODE = 3600


def nothing_posted(w: World) -> bool:
    return all(
        not relayed(c) and not c.threads and not c.history() for c in (w.en_channel, w.zh_channel)
    )


def seconds_left(result: simcord.InteractionResult) -> int:
    found = re.search(r"Try again in (\d+) s", last_reply(result))
    assert found, last_reply(result)
    return int(found[1])


async def test_member_denied_send_messages_is_refused_and_nothing_is_posted(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = await bridged(world)
    await deny(w.env, w.en_channel, w.alice.id, send_messages=True)
    refused = await w.alice.slash(w.en_channel, "ask", question="Is tea better than coffee?")
    assert refused.ephemeral
    assert last_reply(refused) == (
        f"You can't post in <#{w.en_channel.id}>: you're missing Send Messages. Nothing was posted."
    )

    discord_locales[w.wei.id] = "zh-CN"
    await deny(w.env, w.zh_channel, w.wei.id, send_messages=True)
    refused = await w.wei.slash(w.zh_channel, "ask", question="茶比咖啡好吗？")
    assert "缺少权限 发送消息" in last_reply(refused)
    assert nothing_posted(w)
    assert (
        await w.bot.services.questions.slowmode_wait(
            w.guild.id, w.zh_channel.id, w.wei.id, slowmode_seconds=SLOWMODE
        )
        == 0
    )  # no question was recorded either


async def test_asking_from_a_thread_checks_the_channel_it_posts_in(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Is tea better than coffee?")
    [thread] = w.en_channel.threads
    await deny(w.env, w.en_channel, w.alice.id, send_messages=True)
    refused = await w.alice.slash(thread, "ask", question="And green tea?")
    assert "missing Send Messages" in last_reply(refused)
    assert len(w.en_channel.threads) == 1 and len(w.zh_channel.threads) == 1


async def test_a_forum_names_create_posts(world: World) -> None:
    w = world
    forum_en = w.guild.create_forum_channel("questions")
    forum_zh = w.guild.create_forum_channel("提问")
    await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=forum_en, chinese_channel=forum_zh
    )
    await deny(w.env, forum_en, w.alice.id, send_messages=True)
    refused = await w.alice.slash(forum_en, "ask", question="Is tea better than coffee?")
    assert "you're missing Create Posts" in last_reply(refused)
    assert forum_en.threads == [] and forum_zh.threads == []


async def test_slowmode_refuses_until_the_delay_has_passed(
    world: World, bot_clock: MovableClock, discord_locales: dict[int, str]
) -> None:
    w = await bridged(world)
    await set_slowmode(w.env, w.en_channel, SLOWMODE)
    first = await w.alice.slash(w.en_channel, "ask", question="Is tea better than coffee?")
    assert last_reply(first) == "Your question is posted."

    again = await w.alice.slash(w.en_channel, "ask", question="Do you drink it hot?")
    assert SLOWMODE - 60 < seconds_left(again) <= SLOWMODE
    bot_clock.advance(timedelta(seconds=SLOWMODE // 2))
    later = await w.alice.slash(w.en_channel, "ask", question="Do you drink it hot?")
    assert SLOWMODE // 2 - 60 < seconds_left(later) <= SLOWMODE // 2
    discord_locales[w.alice.id] = "zh-TW"
    in_chinese = await w.alice.slash(w.en_channel, "ask", question="Do you drink it hot?")
    assert "開啟了慢速模式" in last_reply(in_chinese) and "秒後再試" in last_reply(in_chinese)
    assert len(relayed(w.zh_channel)) == 1  # only the first question was mirrored

    bot_clock.advance(timedelta(seconds=SLOWMODE // 2))
    discord_locales.pop(w.alice.id)
    after = await w.alice.slash(w.en_channel, "ask", question="Do you drink it hot?")
    assert last_reply(after) == "Your question is posted."
    assert len(relayed(w.zh_channel)) == 2
    # Another member, and another channel, have their own clocks.
    other = await w.wei.slash(w.zh_channel, "ask", question="你喝热茶吗？")
    assert last_reply(other) == "Your question is posted."


async def test_manage_messages_bypasses_slowmode(world: World) -> None:
    w = await bridged(world)
    helper = w.guild.create_role("helper", permissions=discord.Permissions(manage_messages=True))
    mod = w.guild.add_member(w.env.create_user("helper"), roles=[helper])
    await set_slowmode(w.env, w.en_channel, SLOWMODE)
    for question in ("Is tea better than coffee?", "Do you drink it hot?"):
        result = await mod.slash(w.en_channel, "ask", question=question)
        assert last_reply(result) == "Your question is posted."
    assert len(relayed(w.zh_channel)) == 2
