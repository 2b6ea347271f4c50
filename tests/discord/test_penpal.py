"""Pen pals end to end through SimCord (the real zh→en model where output is checked).

join → match → both accept (in DMs) → a private thread each → translated conversation →
block / report → no further contact; the decline path; a restart between proposal and accept.
Commands, permissions and the scheduled matching: test_penpal_commands.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import discord
import pytest
from simcord.backend.errors import BackendError

from bot.app import YiqiBot
from bot.settings import Settings
from tests.discord.penpal_steps import accept_both, configured, dms, join_both, match, proposal
from tests.discord.support import World, last_reply, only_thread, relayed
from tests.support.clock import MovableClock


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


async def test_accept_opens_the_pair_from_a_process_that_does_not_cache_the_guild(
    world: World, discord_locales: dict[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shard clusters: DMs and their buttons reach the process of shard 0 only, which does
    not cache another cluster's guild or channels: it asks Discord's API instead."""
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    monkeypatch.setattr(w.bot, "get_guild", lambda guild_id: None)
    monkeypatch.setattr(w.bot, "get_channel", lambda channel_id: None)
    await accept_both(p)
    en_thread, zh_thread = only_thread(p.en_channel), only_thread(p.zh_channel)
    assert "panda" in en_thread.history()[0].content
    assert any(str(en_thread.id) in m.content for m in dms(w.alice))
    assert any(str(zh_thread.id) in m.content for m in dms(w.wei))


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
    world: World,
    discord_locales: dict[int, str],
    monkeypatch: pytest.MonkeyPatch,
    bot_clock: MovableClock,
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
    bot_clock.advance(timedelta(hours=1))  # past the longest retry backoff
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


async def test_an_intro_is_translated_with_the_servers_glossary(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    await w.bot.services.glossary.add(w.guild.id, "wok magic", "做饭", by=w.admin.id)
    await join_both(p, discord_locales)
    await match(p)

    card = proposal(w.alice).content
    assert "我养了一只猫，喜欢做饭。" in card and "wok magic" in card
