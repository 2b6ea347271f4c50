"""Forum channels in a bridge, through SimCord: forum posts in, forum posts out.

A question mirrored into a forum becomes a forum post (the webhook's ``thread_name``); a
member's forum post is a question whose thread already exists. The real zh→en model.
"""

from __future__ import annotations

import discord
import pytest
import simcord

from tests.discord.support import (
    World,
    last_reply,
    link,
    only_thread,
    post_in_forum,
    relayed,
    thread_named,
)


def starter(post: simcord.ChannelHandle) -> discord.Message:
    """A forum post's first message: it carries the post's (thread's) id."""
    [first] = [m for m in post.history() if m.id == post.id]
    return first


async def test_english_text_question_becomes_a_forum_post_under_the_askers_name(
    world: World,
) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")

    origin = only_thread(w.en_channel)
    post = only_thread(forum)
    mirror = starter(post)
    assert mirror.webhook_id is not None
    assert mirror.author.name == "Alice"
    assert "Does every Chinese person own a panda?" in mirror.content
    assert post.name == "Does every Chinese person own a panda?"
    assert origin.id != post.id
    assert forum.history() == []  # nothing lands in the forum outside a post


@pytest.mark.realmodel
async def test_chinese_forum_post_reaches_the_english_text_channel_and_replies_go_both_ways(
    world: World,
) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    post = await post_in_forum(w, forum, w.wei, "大熊猫", "每个中国人都有大熊猫吗？")

    mirror_thread = only_thread(w.en_channel)
    assert "panda" in str(mirror_thread.name).lower()  # the post's own title, translated
    [question_mirror] = relayed(w.en_channel)
    assert question_mirror.author.name == "小伟"
    assert "panda" in question_mirror.content.lower()
    assert len(forum.threads) == 1  # the post is the question's thread: no second one

    await w.alice.send(mirror_thread, "No, pandas live in zoos and reserves.")
    [english_reply] = relayed(post)
    assert english_reply.author.name == "Alice"
    assert "pandas live in zoos" in english_reply.content

    await w.wei.send(post, "我喜欢喝茶。")
    [chinese_reply] = relayed(mirror_thread)
    assert chinese_reply.author.name == "小伟"
    assert "tea" in chinese_reply.content.lower()


@pytest.mark.realmodel
async def test_forum_to_forum_question_replies_edit_and_delete(world: World) -> None:
    w = world
    forum_en = w.guild.create_forum_channel("questions")
    forum_zh = w.guild.create_forum_channel("提问")
    await link(w, forum_en, forum_zh)
    post = await post_in_forum(w, forum_zh, w.wei, "超市", "你们那里的超市东西贵吗？")

    mirror_post = only_thread(forum_en)
    assert "supermarket" in str(mirror_post.name).lower()
    question_mirror = starter(mirror_post)
    assert question_mirror.author.name == "小伟"
    assert "supermarket" in question_mirror.content.lower()

    await w.alice.send(mirror_post, "Eggs are expensive this year.")
    assert "Eggs are expensive" in relayed(post)[-1].content
    reply = await w.wei.send(post, "我喜欢喝茶。")
    assert "tea" in relayed(mirror_post)[-1].content.lower()

    # Edits and deletes reach a mirrored forum starter (it lives inside its thread).
    question = starter(post)
    await w.wei.edit(question, "你们那里的咖啡贵吗？")
    assert "coffee" in starter(mirror_post).content.lower()
    await w.wei.delete(reply)
    assert all("tea" not in m.content.lower() for m in relayed(mirror_post))
    await w.wei.delete(question)
    assert [m.id for m in mirror_post.history() if m.id == mirror_post.id] == []


@pytest.mark.realmodel
async def test_ask_inside_a_chinese_forum_opens_a_forum_post_and_its_english_mirror(
    world: World,
) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    first = await post_in_forum(w, forum, w.wei, "熊猫", "每个中国人都有大熊猫吗？")

    result = await w.wei.slash(first, "ask", question="美国人真的要打两份工才能生活吗？")
    assert last_reply(result) == "Your question is posted."
    asked = thread_named(forum, "美国人真的要打两份工才能生活吗？")
    posted = starter(asked)
    assert posted.webhook_id is not None and posted.author.name == "小伟"
    mirrors = [m for m in relayed(w.en_channel) if "two jobs" in m.content.lower()]
    assert len(mirrors) == 1
    assert len(w.en_channel.threads) == 2  # one per question


@pytest.mark.realmodel
async def test_ask_into_an_english_forum_is_mirrored_into_the_chinese_forum(world: World) -> None:
    w = world
    forum_en = w.guild.create_forum_channel("questions")
    forum_zh = w.guild.create_forum_channel("提问")
    await link(w, forum_en, forum_zh)
    first = await post_in_forum(w, forum_en, w.alice, "Pandas", "Does everyone own a panda?")

    await w.alice.slash(first, "ask", question="What is the cat tax?")
    asked = thread_named(forum_en, "What is the cat tax?")
    assert starter(asked).author.name == "Alice"
    [zh_post] = [t for t in forum_zh.threads if "cat tax" in starter(t).content]
    await w.wei.send(zh_post, "就是发一张猫的照片。")
    question, reply = relayed(asked)  # /ask posted the question itself through the webhook
    assert question.id == asked.id
    assert reply.author.name == "小伟" and "cat" in reply.content.lower()


@pytest.mark.realmodel
async def test_forum_post_is_pointed_to_a_similar_earlier_question(world: World) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await link(w, w.en_channel, forum)
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    earlier = only_thread(w.en_channel)

    post = await post_in_forum(w, forum, w.wei, "大熊猫", "每个中国人都有大熊猫吗？")
    notices = [m.content for m in post.history() if "之前有人问过" in m.content]
    assert notices and f"/{earlier.id})" in notices[0]


async def test_answered_in_a_forum_post_shows_on_both_sides(world: World) -> None:
    w = world
    forum_en = w.guild.create_forum_channel("questions")
    forum_zh = w.guild.create_forum_channel("提问")
    await link(w, forum_en, forum_zh)
    post = await post_in_forum(w, forum_zh, w.wei, "超市", "你们那里的超市东西贵吗？")

    result = await w.wei.slash(post, "answered")
    assert result.ephemeral
    for forum in (forum_zh, forum_en):
        assert str(only_thread(forum).name).startswith("✅ ")


async def test_a_webhook_opens_threads_by_name_only_in_forums(world: World) -> None:
    """The SimCord shim answers as Discord does when ``thread_name`` targets a text channel."""
    w = world
    channel = w.bot.get_channel(w.en_channel.id)
    assert isinstance(channel, discord.TextChannel)
    hook = await channel.create_webhook(name="elsewhere")
    with pytest.raises(discord.HTTPException) as refused:
        await hook.send("hello", thread_name="a thread", wait=True)
    assert refused.value.code == 220003
    assert w.en_channel.threads == []
