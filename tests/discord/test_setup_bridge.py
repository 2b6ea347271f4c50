"""/setup bridge|show|remove through SimCord."""

from __future__ import annotations

import pytest

from tests.discord.support import World, last_reply

_content = last_reply


async def test_admin_links_show_and_remove(world: World) -> None:
    w = world
    linked = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    assert linked.ephemeral
    assert f"<#{w.en_channel.id}>" in _content(linked) and "Linked" in _content(linked)

    shown = await w.admin.slash(w.en_channel, "setup show")
    assert f"<#{w.en_channel.id}> (English) ↔ <#{w.zh_channel.id}> (中文)" in _content(shown)

    again = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.zh_channel, chinese_channel=w.en_channel
    )
    assert "already part of a bridge" in _content(again)

    removed = await w.admin.slash(w.zh_channel, "setup remove", channel=w.zh_channel)
    assert "Bridge removed" in _content(removed)
    empty = await w.admin.slash(w.en_channel, "setup show")
    assert "no bridges yet" in _content(empty)


async def test_several_bridges_and_forums(world: World) -> None:
    w = world
    forum_en = w.guild.create_forum_channel("questions")
    forum_zh = w.guild.create_forum_channel("提问")
    await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=forum_en, chinese_channel=forum_zh
    )
    bridges = await w.bot.services.bridges.list_for_guild(w.guild.id)
    assert [(b.en.kind.value, b.zh.kind.value) for b in bridges] == [
        ("text", "text"),
        ("forum", "forum"),
    ]


async def test_same_channel_twice_is_refused(world: World) -> None:
    w = world
    result = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.en_channel
    )
    assert "two different channels" in _content(result)
    assert await w.bot.services.bridges.list_for_guild(w.guild.id) == []


async def test_member_without_manage_server_cannot_setup(world: World) -> None:
    w = world
    assert "setup bridge" not in w.alice.available_commands(w.en_channel)
    with pytest.raises(Exception, match=r"(?i)permission|missing|not available|cannot"):
        await w.alice.slash(
            w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
        )
    assert await w.bot.services.bridges.list_for_guild(w.guild.id) == []


async def test_server_chooses_traditional_script_for_chinese_mirrors(world: World) -> None:
    w = world
    await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    await w.alice.send(w.en_channel, "Does every Chinese person own a panda?")
    chosen = await w.admin.slash(w.en_channel, "setup chinese_script", script="zh-TW")
    assert "繁體中文" in _content(chosen)
    await w.alice.send(w.en_channel, "Do Americans really work two jobs?")

    simplified, traditional = [m.content for m in w.zh_channel.history() if m.webhook_id]
    # No en→zh model in tests: the notice itself is written for the server's script.
    assert "未安装" in simplified
    assert "未安裝" in traditional
    assert await w.bot.services.scripts.prefers_traditional(w.guild.id)
