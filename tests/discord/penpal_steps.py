"""Pen-pal steps SimCord scenarios share: configure, both join, match, both accept."""

from __future__ import annotations

from dataclasses import dataclass

import discord
import simcord

from tests.discord.support import World, last_reply


@dataclass
class PenpalWorld:
    w: World
    en_channel: simcord.ChannelHandle
    zh_channel: simcord.ChannelHandle
    mods: simcord.ChannelHandle


async def configured(world: World) -> PenpalWorld:
    guild = world.guild
    p = PenpalWorld(
        world,
        guild.create_text_channel("penpal-english"),
        guild.create_text_channel("笔友"),
        guild.create_text_channel("mods"),
    )
    result = await world.admin.slash(
        world.en_channel,
        "penpal configure",
        english_channel=p.en_channel,
        chinese_channel=p.zh_channel,
        moderators_channel=p.mods,
    )
    assert "penpal-english" in last_reply(result) or str(p.en_channel.id) in last_reply(result)
    return p


async def join_both(p: PenpalWorld, discord_locales: dict[int, str]) -> None:
    w = p.w
    discord_locales[w.wei.id] = "zh-CN"  # his side comes from his Discord language
    result = await w.alice.slash(
        w.en_channel,
        "penpal join",
        level="beginner",
        timezone="America/Chicago",
        intro="I have two cats and I love hotpot.",
        adult=True,
        consent=True,
        interests="pets, food",
    )
    assert "pen-pal pool" in last_reply(result)
    result = await w.wei.slash(
        w.zh_channel,
        "penpal join",
        level="intermediate",
        timezone="Asia/Shanghai",
        intro="我养了一只猫，喜欢做饭。",
        adult=True,
        consent=True,
        interests="宠物, 做饭",
    )
    assert "笔友" in last_reply(result)


def dms(member: simcord.MemberActor) -> list[discord.Message]:
    return member.user.dm_channel.history()


def proposal(member: simcord.MemberActor) -> discord.Message:
    found = [m for m in dms(member) if m.components]
    assert found, [m.content for m in dms(member)]
    return found[-1]


async def match(p: PenpalWorld) -> None:
    result = await p.w.admin.slash(p.w.en_channel, "penpal match")
    assert "1" in last_reply(result)


async def accept_both(p: PenpalWorld) -> None:
    w = p.w
    result = await w.alice.user.click(proposal(w.alice), label="Accept · 接受")
    assert "Waiting" in last_reply(result)
    await w.wei.user.click(proposal(w.wei), label="Accept · 接受")
