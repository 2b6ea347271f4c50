"""Pen-pal commands through SimCord: listing and names, permissions, scheduled matching."""

from __future__ import annotations

import discord
from discord import app_commands

from tests.discord.penpal_steps import configured, join_both, proposal
from tests.discord.support import World, last_reply


async def test_scheduled_matching_and_autocomplete(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    job = w.bot.services.scheduler.get_job("penpal-match")
    assert job is not None and job.trigger.interval.total_seconds() == 86400
    zones = await w.alice.autocomplete(w.en_channel, "penpal join", "timezone", "shang")
    assert "Asia/Shanghai" in [c["value"] for c in zones]
    discord_locales[w.wei.id] = "zh-CN"
    tags = await w.wei.autocomplete(w.zh_channel, "penpal join", "interests", "音乐, 宠")
    assert [c["value"] for c in tags] == ["音乐, 宠物"]

    await join_both(p, discord_locales)
    await job.func(*job.args)  # what the scheduler runs every interval
    assert proposal(w.alice) and proposal(w.wei)
    status = await w.wei.slash(w.zh_channel, "penpal status")
    assert "私信" in last_reply(status)


async def test_penpal_commands_are_listed_and_localized(world: World) -> None:
    names = set(world.alice.available_commands(world.en_channel))
    for sub in ("join", "status", "pause", "resume", "leave", "end", "block", "report"):
        assert f"penpal {sub}" in names
    translator = world.bot.tree.translator
    group = world.bot.tree.get_command("penpal")
    assert translator is not None and group is not None
    payload = await group.get_translated_payload(world.bot.tree, translator)
    assert payload["name_localizations"][discord.Locale.chinese.value] == "笔友"
    assert payload["name_localizations"][discord.Locale.taiwan_chinese.value] == "筆友"


async def test_joining_needs_both_confirmations_and_configure_needs_manage_server(
    world: World,
) -> None:
    result = await world.alice.slash(
        world.en_channel,
        "penpal join",
        level="beginner",
        timezone="Europe/Paris",
        intro="hello",
        adult=True,
        consent=False,
    )
    assert "18" in last_reply(result)
    status = await world.alice.slash(world.en_channel, "penpal status")
    assert "haven't joined" in last_reply(status)
    result = await world.alice.slash(
        world.en_channel,
        "penpal configure",
        english_channel=world.en_channel,
        chinese_channel=world.zh_channel,
        moderators_channel=world.en_channel,
    )
    assert "Manage Server" in last_reply(result)
    assert isinstance(world.env.errors[-1], app_commands.MissingPermissions)
    result = await world.admin.slash(world.en_channel, "penpal match")
    assert "/penpal configure" in last_reply(result)
