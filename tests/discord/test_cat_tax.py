"""The cat-tax gate through SimCord: /cattax setup|off and posts in the gate channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord
import pytest
import simcord
from sqlalchemy import select

from db.models import CatTaxNewcomer, Guild
from tests.discord.support import World, last_reply

CAT_PHOTO = ("mochi.jpg", b"\xff\xd8\xff\xe0 a very fluffy cat")


@dataclass
class Gate:
    world: World
    channel: simcord.ChannelHandle
    role: simcord.RoleHandle
    newbie: simcord.MemberActor


async def gate_on(world: World, *, role_position: int | None = None) -> Gate:
    channel = world.guild.create_text_channel("cat-tax")
    if role_position is None:
        role = world.guild.create_role("Exchange")
    else:
        role = world.guild.create_role("Exchange", position=role_position)
    newbie = world.guild.add_member(world.env.create_user("sam", global_name="Sam"))
    result = await world.admin.slash(world.en_channel, "cattax setup", channel=channel, role=role)
    assert result.ephemeral
    assert "Cat-tax gate on" in last_reply(result)
    return Gate(world, channel, role, newbie)


def role_ids(gate: Gate) -> set[int]:
    """The newcomer's roles as the simulated Discord holds them (Yiqi has no members intent)."""
    guild_id = gate.world.guild.id
    return set(gate.world.env.backend.get_member(guild_id, gate.newbie.id).role_ids)


def yiqi_posts(gate: Gate) -> list[discord.Message]:
    bot_id = gate.world.bot.user.id if gate.world.bot.user else 0
    return [m for m in gate.channel.history() if m.author.id == bot_id]


async def newcomer_rows(world: World) -> list[CatTaxNewcomer]:
    async with world.bot.services.sessions() as session:
        return list(await session.scalars(select(CatTaxNewcomer)))


async def test_a_pet_photo_and_intro_earn_the_role_and_a_bilingual_welcome(world: World) -> None:
    gate = await gate_on(world)
    post = await gate.newbie.send(
        gate.channel, "Hi! I'm Sam from Ohio, this is Mochi.", attachments=[CAT_PHOTO]
    )

    assert gate.role.id in role_ids(gate)
    [welcome] = yiqi_posts(gate)
    assert welcome.reference is not None and welcome.reference.message_id == post.id
    english, chinese = welcome.content.split("\n\n")
    assert english.startswith(f"Welcome, {gate.newbie.mention}!")
    assert gate.role.mention in english
    assert chinese.startswith(f"欢迎，{gate.newbie.mention}！") and "猫税" in chinese

    [row] = await newcomer_rows(world)
    assert (row.guild_id, row.user_id, row.message_id) == (world.guild.id, gate.newbie.id, post.id)
    assert row.approved_at is not None
    [entry] = [e for e in world.guild.audit_log() if e.target_id == gate.newbie.id]
    assert entry.reason is not None and "cat-tax gate" in entry.reason

    # A second photo is welcome but changes nothing: one row, one welcome.
    await gate.newbie.send(gate.channel, "And here is Pudding!", attachments=[CAT_PHOTO])
    assert len(yiqi_posts(gate)) == 1
    assert len(await newcomer_rows(world)) == 1


async def test_a_post_without_a_photo_gets_an_explanation_and_no_role(world: World) -> None:
    gate = await gate_on(world)
    await gate.newbie.send(gate.channel, "Hello everyone, I'm new here!")

    assert gate.role.id not in role_ids(gate)
    [explanation] = yiqi_posts(gate)
    # Written in English, so explained in English only.
    assert "post a photo of your pet" in explanation.content
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in explanation.content)
    assert await newcomer_rows(world) == []

    # A Chinese post is answered in Chinese.
    await world.wei.send(gate.channel, "大家好，我是新来的！")
    assert "宠物照片" in yiqi_posts(gate)[-1].content


async def test_a_photo_without_words_is_asked_for_an_intro_in_both_languages(
    world: World,
) -> None:
    gate = await gate_on(world)
    await gate.newbie.send(gate.channel, "🐱", attachments=[CAT_PHOTO])
    [reply] = yiqi_posts(gate)
    assert "a few words about yourself" in reply.content and "介绍一下自己" in reply.content
    assert gate.role.id not in role_ids(gate)
    assert await newcomer_rows(world) == []


async def test_missing_role_permission_is_explained_and_nothing_is_lost(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    # A role above Yiqi's own: Discord refuses to let Yiqi give it.
    gate = await gate_on(world, role_position=50)
    caplog.set_level(logging.WARNING, logger="cogs.cat_tax")
    post = await gate.newbie.send(gate.channel, "Hi, I'm Sam! Meet Mochi.", attachments=[CAT_PHOTO])

    assert gate.role.id not in role_ids(gate)
    [note] = yiqi_posts(gate)
    assert "could not give you the" in note.content and "Manage Roles" in note.content
    assert "管理身份组" in note.content
    [row] = await newcomer_rows(world)
    assert row.message_id == post.id and row.approved_at is None  # kept, to retry
    [warning] = [r for r in caplog.records if r.name == "cogs.cat_tax"]
    assert "needs Manage Roles" in warning.getMessage()
    assert str(gate.role.id) in warning.getMessage()


async def test_setup_warns_when_yiqi_cannot_give_the_role(world: World) -> None:
    channel = world.guild.create_text_channel("cat-tax")
    high = world.guild.create_role("Veterans", position=50)
    result = await world.admin.slash(world.en_channel, "cattax setup", channel=channel, role=high)
    assert "cannot give" in last_reply(result)
    everyone = world.guild.default_role
    refused = await world.admin.slash(
        world.en_channel, "cattax setup", channel=channel, role=everyone
    )
    assert "cannot be given to members" in last_reply(refused)


async def test_only_manage_server_configures_the_gate(world: World) -> None:
    channel = world.guild.create_text_channel("cat-tax")
    role = world.guild.create_role("Exchange")
    assert "cattax setup" in world.admin.available_commands(world.en_channel)
    assert "cattax setup" not in world.alice.available_commands(world.en_channel)
    with pytest.raises(Exception, match=r"(?i)permission|missing|not available|cannot"):
        await world.alice.slash(world.en_channel, "cattax setup", channel=channel, role=role)
    assert await world.bot.services.cat_tax.gate_for(world.guild.id) is None


async def test_turning_the_gate_off(world: World) -> None:
    gate = await gate_on(world)
    off = await world.admin.slash(world.en_channel, "cattax off")
    assert "Cat-tax gate off" in last_reply(off)
    await gate.newbie.send(gate.channel, "Hi! I'm Sam, this is Mochi.", attachments=[CAT_PHOTO])
    assert yiqi_posts(gate) == []
    assert gate.role.id not in role_ids(gate)
    again = await world.admin.slash(world.en_channel, "cattax off")
    assert "was not on" in last_reply(again)
    async with world.bot.services.sessions() as session:
        guild = await session.get(Guild, world.guild.id)
    assert guild is not None and guild.cat_tax_channel_id is None
