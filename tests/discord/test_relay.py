"""The Q&A bridge end to end through SimCord (the real zh→en model where output is checked)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord.support import World, bridged, only_thread, relayed, texts
from tests.support.clock import MovableClock


async def test_english_question_opens_mirrored_thread_under_the_askers_name(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")

    origin = only_thread(w.en_channel)
    mirror = only_thread(w.zh_channel)
    [starter] = relayed(w.zh_channel)
    assert starter.author.name == "Alice"
    assert "Does every Chinese person own a panda?" in starter.content
    assert "🇺🇸" in starter.content
    assert origin.id != mirror.id


@pytest.mark.realmodel
async def test_chinese_reply_comes_back_in_english(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    mirror = only_thread(w.zh_channel)
    await w.wei.send(mirror, "每个中国人都有大熊猫吗？当然不是！")

    origin = only_thread(w.en_channel)
    [reply] = relayed(origin)
    assert reply.author.name == "小伟"
    assert "panda" in reply.content.lower()
    assert "每个中国人都有大熊猫吗" in reply.content  # the original stays available


@pytest.mark.realmodel
async def test_edit_and_delete_reach_the_mirror(world: World) -> None:
    w = await bridged(world)
    await w.wei.send(w.zh_channel, "你们那里的超市东西贵吗？")
    origin = only_thread(w.zh_channel)
    mirror = only_thread(w.en_channel)
    reply = await w.wei.send(origin, "我喜欢喝茶。")
    assert "tea" in relayed(mirror)[-1].content.lower()

    await w.wei.edit(reply, "我喜欢喝咖啡。")
    assert "coffee" in relayed(mirror)[-1].content.lower()

    await w.wei.delete(reply)
    assert all("coffee" not in t.lower() for t in texts(mirror))


async def test_bots_and_yiqis_own_webhooks_are_not_relayed(world: World) -> None:
    w = await bridged(world)
    robot = w.guild.add_member(w.env.create_user("otherbot", bot=True))
    await robot.send(w.en_channel, "I am a bot announcement")
    assert w.zh_channel.threads == [] and w.en_channel.threads == []

    await w.alice.send(w.en_channel, "Do Americans really work two jobs?")
    mirror = only_thread(w.zh_channel)
    # The mirror is a webhook message in a bridged channel: it must not open a question of
    # its own, so each side still has exactly one thread and one relayed message.
    assert len(relayed(w.zh_channel)) == 1
    assert relayed(w.en_channel) == [] and relayed(mirror) == []


async def test_everyone_in_a_question_pings_nobody(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "@everyone does anyone here like hotpot?")
    [starter] = relayed(w.zh_channel)
    assert "@everyone" in starter.content
    assert not starter.mention_everyone
    sent = [e for e in w.env.http_requests if "webhooks" in e.path]
    assert sent, "the mirror went through a webhook"
    for entry in sent:
        payload = entry.json or {}
        if "content" in payload:
            assert payload.get("allowed_mentions") == {"parse": []}


async def test_reply_keeps_context_with_quote_and_link(world: World) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "What is the cat tax?")
    origin, mirror = only_thread(w.en_channel), only_thread(w.zh_channel)
    first = await w.wei.send(mirror, "就是发一张猫的照片。")
    english = relayed(origin)[-1]
    await w.alice.send(origin, "Here is mine!", reply_to=english)
    reply_in_zh = relayed(mirror)[-1]
    assert reply_in_zh.content.startswith("> ")
    assert f"/{first.id})" in reply_in_zh.content  # jumps to 小伟's own message


@pytest.mark.realmodel
async def test_translation_failure_is_retried_and_delivered(
    world: World, monkeypatch: pytest.MonkeyPatch, bot_clock: MovableClock
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Is hotpot spicy?")
    mirror = only_thread(w.zh_channel)
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
    await w.wei.send(mirror, "很辣，但是很好吃！")
    origin = only_thread(w.en_channel)
    assert relayed(origin) == []  # not delivered yet: recorded as failed

    bot_clock.advance(timedelta(hours=1))  # past the longest retry backoff
    cog = w.bot.get_cog("ExchangeCog")
    assert cog is not None
    delivered = await cog.retry_pending()  # type: ignore[attr-defined]
    assert delivered == 1
    [reply] = relayed(origin)
    assert any(word in reply.content.lower() for word in ("spicy", "hot", "delicious"))


@pytest.mark.realmodel  # requests pile up into shared batches only on a model this slow
async def test_burst_of_100_replies_across_two_threads_arrives_once_each_in_order(
    world: World,
) -> None:
    w = await bridged(world)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    await w.alice.send(w.en_channel, "Do Americans really work two jobs?")
    mirrors = sorted(w.zh_channel.threads, key=lambda t: t.id)
    origins = sorted(w.en_channel.threads, key=lambda t: t.id)
    lines = ["当然不是。", "我家没有大熊猫。", "动物园里有。", "你们那里呢？", "哈哈，好问题！"]
    # All 100 messages exist before the bot sees any of them: one gateway burst.
    sent: dict[int, list[int]] = {m.id: [] for m in mirrors}
    for index in range(100):
        thread = mirrors[index % 2]
        author = w.wei if index % 4 < 2 else w.alice
        stored = w.env.backend.create_message(
            thread.id, author.id, f"第{index}条：{lines[index % len(lines)]}"
        )
        sent[thread.id].append(stored.id)
    await w.env.settle(timeout=120)

    for mirror, origin in zip(mirrors, origins, strict=True):
        posted = relayed(origin)
        numbers = [int(m.content.split("第")[1].split("条")[0]) for m in posted]
        expected = [i for i in range(100) if mirrors[i % 2].id == mirror.id]
        assert numbers == expected  # each exactly once, in the order written
    batcher = w.bot.services.translation.batcher("zh_en")
    assert batcher is not None and batcher.stats.batches < 100  # the burst shared model calls
    # The 100 mirrors went through the English channel's one webhook, paced at Discord's
    # 30 messages / 60 s: at least three full windows passed on the pacer's clock.
    assert w.bot.services.send_pacer.time_source.now() >= 180


@pytest.mark.realmodel
async def test_editing_and_deleting_the_question_itself_reaches_its_mirror(world: World) -> None:
    w = await bridged(world)
    question = await w.wei.send(w.zh_channel, "我喜欢喝茶。")
    [mirror] = relayed(w.en_channel)
    assert "tea" in mirror.content.lower()

    await w.wei.edit(question, "我喜欢喝咖啡。")
    [mirror] = relayed(w.en_channel)
    assert "coffee" in mirror.content.lower()

    await w.wei.delete(question)
    assert relayed(w.en_channel) == []


@pytest.mark.realmodel
async def test_allow_listed_bot_is_relayed(world: World) -> None:
    w = await bridged(world)
    robot = w.guild.add_member(w.env.create_user("newsbot", bot=True))
    w.bot.settings.relay_allowed_bot_ids = frozenset({robot.id})
    await robot.send(w.zh_channel, "欢迎新朋友！")
    [mirror] = relayed(w.en_channel)
    assert "welcome" in mirror.content.lower()


async def test_attachments_are_carried_as_links(world: World) -> None:
    w = await bridged(world)
    await w.wei.send(w.zh_channel, "这是我的猫税", attachments=[("cat.png", b"\x89PNG fake")])
    [mirror] = relayed(w.en_channel)
    assert "cat.png" in mirror.content
    assert "https://" in mirror.content
