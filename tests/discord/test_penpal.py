"""Pen pals end to end through SimCord (the real zh→en model where output is checked).

join → match → both accept (in DMs) → a private thread each → translated conversation →
block / report → no further contact; the decline path; a restart between proposal and accept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import discord
import pytest
import simcord
from discord import app_commands
from simcord.backend.errors import BackendError

from bot.app import YiqiBot
from bot.settings import Settings
from tests.discord.support import World, last_reply, only_thread, relayed


@pytest.fixture
def make_settings(bot_data_dir: Path) -> Callable[[], Settings]:
    def build() -> Settings:
        # Far-off timers: SimCord's settle() must not wait for the scheduled jobs.
        return Settings(
            data_dir=bot_data_dir,
            translation_cache=False,
            relay_retry_seconds=3600,
            penpal_match_seconds=86400,
        )

    return build


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


@pytest.mark.realmodel
async def test_join_match_accept_talk_block_report(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)

    card = proposal(w.alice).content
    assert "小伟" in card and "Asia/Shanghai" in card
    assert "我养了一只猫" in card and "cat" in card.lower()  # intro, and its translation
    assert "Yiqi found you a pen pal" in card and "为你找到" in card  # bilingual
    # 宠物 is the suggested interest "pets"; 做饭 stays his own tag.
    assert "Interests: pets, 做饭" in card and "兴趣：宠物, 做饭" in card
    assert p.en_channel.threads == []  # no contact before both accept

    await accept_both(p)
    en_thread, zh_thread = only_thread(p.en_channel), only_thread(p.zh_channel)
    live = w.bot.get_channel(en_thread.id)
    assert isinstance(live, discord.Thread) and live.type is discord.ChannelType.private_thread
    assert "panda" in en_thread.history()[0].content  # the bilingual icebreaker
    assert "熊猫" in zh_thread.history()[0].content
    assert any(str(en_thread.id) in m.content for m in dms(w.alice))
    # Private: the other member can't even see it.
    with pytest.raises(BackendError, match="Missing Access"):
        await w.wei.send(en_thread, "hi")

    await w.wei.send(zh_thread, "你家有大熊猫吗？")
    [mirror] = relayed(en_thread)
    assert mirror.author.name == "小伟"
    assert "panda" in mirror.content.lower() and "你家有大熊猫吗" in mirror.content
    await w.alice.send(en_thread, "No panda, but two cats!")
    assert "two cats" in relayed(zh_thread)[-1].content

    status = await w.alice.slash(w.en_channel, "penpal status")
    assert str(en_thread.id) in last_reply(status)

    result = await w.alice.slash(w.en_channel, "penpal block")
    assert "blocked" in last_reply(result)
    await w.wei.send(zh_thread, "你还在吗？")  # after the block: goes nowhere
    assert len(relayed(en_thread)) == 1

    result = await w.alice.slash(w.en_channel, "penpal report", reason="rude messages")
    assert "moderators received" in last_reply(result)
    [report] = p.mods.history()
    assert "rude messages" in report.content and "你家有大熊猫吗？" in report.content
    assert "panda" in report.content.lower()  # the translation, next to the original
    assert report.attachments and report.attachments[0].filename == "transcript.txt"

    status = await w.alice.slash(w.en_channel, "penpal status")
    assert f"<@{w.wei.id}>" in last_reply(status)  # listed as blocked
    assert "waitlist" in last_reply(status)
    result = await w.admin.slash(w.en_channel, "penpal match")
    assert "0" in last_reply(result)  # never matched again


async def test_decline_sends_the_other_back_to_the_front(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    result = await w.wei.user.click(proposal(w.wei), label="Decline · 拒绝")
    assert "拒绝" in last_reply(result)
    assert "front of the waitlist" in dms(w.alice)[-1].content
    status = await w.alice.slash(w.en_channel, "penpal status")
    assert "number 1 of 1" in last_reply(status)
    assert p.en_channel.threads == [] and p.zh_channel.threads == []


@pytest.mark.realmodel
async def test_accept_works_after_a_restart(
    world: World,
    discord_locales: dict[int, str],
    make_settings: Callable[[], Settings],
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    # A second bot process on the same database file handles the click.
    fresh = YiqiBot(make_settings(), translation=w.bot.services.translation)
    await w.env.restart_bot(fresh)
    assert fresh.is_ready() and fresh is not w.bot
    await accept_both(p)
    en_thread = only_thread(p.en_channel)
    await w.wei.send(only_thread(p.zh_channel), "我喜欢喝茶。")
    assert "tea" in relayed(en_thread)[-1].content.lower()


@pytest.mark.realmodel
async def test_edits_deletes_and_retries_use_the_exchange_relay(
    world: World, discord_locales: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    await accept_both(p)
    en_thread, zh_thread = only_thread(p.en_channel), only_thread(p.zh_channel)
    sent = await w.wei.send(zh_thread, "我喜欢喝茶。")
    await w.wei.edit(sent, "我喜欢喝咖啡。")
    assert "coffee" in relayed(en_thread)[-1].content.lower()
    await w.wei.delete(sent)
    assert relayed(en_thread) == []

    engine = w.bot.services.translation
    original = engine.translate
    calls = 0

    async def flaky(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("model crashed")
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "translate", flaky)
    await w.wei.send(zh_thread, "很辣，但是很好吃！")
    assert relayed(en_thread) == []  # recorded as failed, to be retried
    relay = w.bot.services.relay
    monkeypatch.setattr(relay, "_clock", lambda: discord.utils.utcnow().replace(year=2100))
    cog = w.bot.get_cog("ExchangeCog")
    assert cog is not None
    assert await cog.retry_pending() == 1  # type: ignore[attr-defined]
    [reply] = relayed(en_thread)
    assert reply.author.name == "小伟"


@pytest.mark.realmodel
async def test_after_the_end_edits_and_retries_reach_nobody(
    world: World, discord_locales: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    await accept_both(p)
    en_thread, zh_thread = only_thread(p.en_channel), only_thread(p.zh_channel)
    sent = await w.wei.send(zh_thread, "我喜欢喝茶。")
    result = await w.wei.slash(w.zh_channel, "penpal end")
    assert "结束" in last_reply(result)
    assert "ended" in en_thread.history()[-1].content  # both threads are told, then locked
    metadata = w.env.backend.get_channel(zh_thread.id).thread_metadata
    assert metadata is not None and metadata.locked and metadata.archived
    await w.wei.edit(sent, "我喜欢喝咖啡。")
    assert "tea" in relayed(en_thread)[-1].content.lower()
    status = await w.alice.slash(w.en_channel, "penpal status")
    assert "number 1 of 1" in last_reply(status)


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
