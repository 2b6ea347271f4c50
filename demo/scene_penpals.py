"""Pen pals in the demo: Emily and 小红 join, are matched, both accept, and say hello.

Played with the real commands and buttons: ``/penpal configure`` (moderator), ``/penpal join``
(each member), ``/penpal match`` (the moderator's on-demand matching), "Accept" in each one's
DMs, then one message each in their private conversation, relayed translated both ways.
"""

from __future__ import annotations

import discord
import simcord

from demo.render import render_messages, render_thread
from demo.world import DemoWorld, visible_reply

PENPAL_ENGLISH = "penpal-english"
PENPAL_CHINESE = "笔友"
MODERATORS = "mods"
EMILY_HELLO = "Hi! I have two cats. Do you have a pet?"
XIAOHONG_HELLO = "你好！我养了一只猫，它叫馒头。你喜欢做饭吗？"
ACCEPT = "Accept · 接受"


def _proposal(member: simcord.MemberActor) -> discord.Message:
    """The match card with Accept / Decline buttons in the member's DMs."""
    cards = [m for m in member.user.dm_channel.history() if m.components]
    if not cards:
        raise RuntimeError(f"{member.user.name} got no pen-pal proposal")
    return cards[-1]


def _only_thread(channel: simcord.ChannelHandle) -> simcord.ChannelHandle:
    if len(channel.threads) != 1:
        raise RuntimeError(f"#{channel.name} should hold one pen-pal conversation")
    return channel.threads[0]


async def _join(w: DemoWorld) -> list[str]:
    emily = await w.emily.slash(
        w.english,
        "penpal join",
        level="beginner",
        timezone="America/Chicago",
        intro="I have two cats and I'm learning Chinese cooking.",
        adult=True,
        consent=True,
        interests="pets, food",
    )
    xiaohong = await w.xiaohong.slash(
        w.chinese,
        "penpal join",
        side="zh",
        level="intermediate",
        timezone="Asia/Shanghai",
        intro="我养了一只猫，喜欢做饭，想练习英语。",
        adult=True,
        consent=True,
        interests="宠物, 做饭",
    )
    return [visible_reply(emily), visible_reply(xiaohong)]


async def play_penpals(world: DemoWorld) -> list[str]:
    """Match Emily with 小红 and relay their first exchange; each side as its member sees it."""
    w = world
    english = w.guild.create_text_channel(PENPAL_ENGLISH)
    chinese = w.guild.create_text_channel(PENPAL_CHINESE)
    mods = w.guild.create_text_channel(MODERATORS)
    await w.moderator.slash(
        w.english,
        "penpal configure",
        english_channel=english,
        chinese_channel=chinese,
        moderators_channel=mods,
    )
    joined = await _join(w)
    matched = visible_reply(await w.moderator.slash(w.english, "penpal match"))
    await w.emily.user.click(_proposal(w.emily), label=ACCEPT)
    await w.xiaohong.user.click(_proposal(w.xiaohong), label=ACCEPT)

    en_thread, zh_thread = _only_thread(english), _only_thread(chinese)
    await w.emily.send(en_thread, EMILY_HELLO)
    await w.xiaohong.send(zh_thread, XIAOHONG_HELLO)

    steps = [
        "Pen pals",
        "════════",
        f"Emily: /penpal join → {joined[0]}",
        f"小红: /penpal join → {joined[1]}",
        f"Moderator: /penpal match → {matched}",
        "Both press “Accept” on the card Yiqi sent them; Yiqi opens a private thread for each.",
    ]
    sections = [
        "\n".join(steps) + "\n",
        render_messages("Emily's DMs with Yiqi", w.emily.user.dm_channel.history()),
        render_thread(f"Emily's pen-pal thread (#{PENPAL_ENGLISH})", en_thread, w.emily),
        render_messages("小红's DMs with Yiqi", w.xiaohong.user.dm_channel.history()),
        render_thread(f"小红's pen-pal thread (#{PENPAL_CHINESE})", zh_thread, w.xiaohong),
    ]
    # Discord shows mentions as names; so does the transcript.
    names = {
        f"<@{w.emily.id}>": "@Emily",
        f"<@{w.xiaohong.id}>": "@小红",
        f"<#{en_thread.id}>": f"#{en_thread.name}",
        f"<#{zh_thread.id}>": f"#{zh_thread.name}",
    }
    for raw, shown in names.items():
        sections = [section.replace(raw, shown) for section in sections]
    return sections
