"""/privacy through SimCord: about, export, forget (Cancel / Confirm) and the digest choice."""

from __future__ import annotations

import json
from typing import Any

import discord
import simcord

from tests.discord.support import (
    World,
    bridged,
    last_reply,
    only_thread,
    post_in_forum,
    relayed,
    thread_named,
)

QUESTION = "Does every Chinese person own a panda?"
CONFIRM = "Delete my data"


def shown(result: simcord.InteractionResult) -> discord.Message:
    """The ephemeral message the member sees (the response, else the last followup)."""
    reply = result.followups[-1] if result.followups else result.response
    assert reply is not None
    return reply.message


async def exported(w: World, member: simcord.MemberActor) -> dict[str, Any]:
    result = await member.slash(w.en_channel, "privacy export")
    assert result.ephemeral
    [attachment] = shown(result).attachments
    assert attachment.filename == "yiqi-data.json"
    data: dict[str, Any] = json.loads(await attachment.read())
    return data


async def conversation(world: World) -> World:
    """Alice asks in English, 小伟 answers in Chinese, Alice thanks him."""
    w = await bridged(world)
    await w.alice.send(w.en_channel, QUESTION)
    await w.wei.send(only_thread(w.zh_channel), "当然不是！动物园里才有。")
    await w.alice.send(only_thread(w.en_channel), "Thanks, that makes sense!")
    return w


async def test_about_explains_privately(world: World) -> None:
    result = await world.alice.slash(world.en_channel, "privacy about")
    assert result.ephemeral
    text = last_reply(result)
    assert "What Yiqi stores about you" in text and "/privacy forget" in text


async def test_export_is_a_json_file_with_the_members_question(world: World) -> None:
    w = await conversation(world)
    data = await exported(w, w.alice)
    assert [q["title"] for q in data["questions"]] == [QUESTION]
    assert "Thanks, that makes sense!" in [m["original"] for m in data["relayed_messages"]]
    assert all("动物园" not in m["original"] for m in data["relayed_messages"])


async def test_forget_cancel_keeps_everything(world: World) -> None:
    w = await conversation(world)
    asked = await w.alice.slash(w.en_channel, "privacy forget")
    assert asked.ephemeral and "cannot be undone" in last_reply(asked)
    cancelled = await w.alice.click(shown(asked), label="Cancel")
    assert "Nothing was deleted" in last_reply(cancelled)
    assert len(relayed(w.zh_channel)) == 1
    assert len(relayed(only_thread(w.zh_channel))) == 1
    assert (await exported(w, w.alice))["questions"]


async def test_forget_confirm_deletes_rows_and_mirrors_but_not_others(world: World) -> None:
    w = await conversation(world)
    origin, mirror = only_thread(w.en_channel), only_thread(w.zh_channel)
    assert len(relayed(origin)) == 1  # 小伟's answer, in English

    asked = await w.alice.slash(w.en_channel, "privacy forget")
    done = await w.alice.click(shown(asked), label=CONFIRM)
    assert "Copies removed from the other side: 2." in last_reply(done)
    assert relayed(w.zh_channel) == []  # the question's mirror
    assert relayed(only_thread(w.zh_channel)) == []  # Alice's thanks
    assert len(relayed(origin)) == 1  # 小伟's answer stays

    data = await exported(w, w.alice)
    assert data["relayed_messages"] == []
    assert [q["title"] for q in data["questions"]] == [""]  # kept for the thread, text gone
    theirs = await exported(w, w.wei)
    assert [m["original"] for m in theirs["relayed_messages"]] == ["当然不是！动物园里才有。"]
    # The threads stay for 小伟's answer, but no longer carry Alice's question as their name.
    assert only_thread(w.zh_channel).id == mirror.id
    assert only_thread(w.zh_channel).name == "提问者已删除此问题"
    assert only_thread(w.en_channel).name == "Question removed by its author"


async def test_chinese_locale_member_gets_chinese_replies(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    discord_locales[w.wei.id] = "zh-CN"
    about = await w.wei.slash(w.zh_channel, "privacy about")
    assert "Yiqi 在本服务器上存储的关于你的数据" in last_reply(about)

    asked = await w.wei.slash(w.zh_channel, "privacy forget")
    assert "此操作无法撤销" in last_reply(asked)
    done = await w.wei.click(shown(asked), label="删除我的数据")
    assert last_reply(done).startswith("你在本服务器上存储的数据已删除")


async def test_digest_choice_persists(world: World) -> None:
    w = world
    guild_id, privacy = w.guild.id, w.bot.services.privacy
    out = await w.alice.slash(w.en_channel, "privacy digest", include_me=False)
    assert out.ephemeral and "out of the weekly digest" in last_reply(out)
    assert await privacy.digest_opted_out(guild_id, w.alice.id) is True
    assert (await exported(w, w.alice))["member"]["digest_opt_out"] is True

    back = await w.alice.slash(w.en_channel, "privacy digest", include_me=True)
    assert "in the weekly digest" in last_reply(back)
    assert await privacy.digest_opted_out(guild_id, w.alice.id) is False


async def test_forget_removes_the_post_ask_made_as_the_member_but_not_their_own(
    world: World,
) -> None:
    w = await bridged(world)
    await w.wei.slash(w.zh_channel, "ask", question="美国人真的要打两份工才能生活吗？")
    [ask_post] = relayed(w.zh_channel)
    assert ask_post.author.name == "小伟"
    own = await w.wei.send(w.zh_channel, "你们那里的超市东西贵吗？")

    asked = await w.wei.slash(w.zh_channel, "privacy forget")
    done = await w.wei.click(shown(asked), label=CONFIRM)
    assert "Copies removed from the other side: 2." in last_reply(done)
    assert "Questions Yiqi posted for you with /ask, removed: 1." in last_reply(done)
    assert relayed(w.zh_channel) == []  # the /ask post is gone
    assert relayed(w.en_channel) == []  # and both mirrors
    # What 小伟 wrote himself is his to delete: it stays.
    assert [m.id for m in w.zh_channel.history() if m.author.id == w.wei.id] == [own.id]


async def test_forget_removes_an_ask_forum_post(world: World) -> None:
    w = world
    forum = w.guild.create_forum_channel("中文提问")
    await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=forum
    )
    first = await post_in_forum(w, forum, w.wei, "熊猫", "每个中国人都有大熊猫吗？")
    await w.wei.slash(first, "ask", question="美国人真的要打两份工才能生活吗？")
    asked_thread = thread_named(forum, "美国人真的要打两份工才能生活吗？")
    assert [m.id for m in relayed(asked_thread)] == [asked_thread.id]  # the forum post's starter

    asked = await w.wei.slash(first, "privacy forget")
    done = await w.wei.click(shown(asked), label=CONFIRM)
    assert "with /ask, removed: 1." in last_reply(done)
    assert relayed(asked_thread) == []
    assert [m.id for m in first.history() if m.author.id == w.wei.id] == [first.id]
