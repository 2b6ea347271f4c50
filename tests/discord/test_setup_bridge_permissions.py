"""/setup bridge checks the bot's own permissions in both channels and names what is missing."""

from __future__ import annotations

from tests.discord.permission_steps import deny
from tests.discord.support import World, last_reply


async def test_bridge_without_manage_webhooks_is_refused_listing_it(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    bot_id = w.env.backend.bot_user.id
    await deny(w.env, w.zh_channel, bot_id, manage_webhooks=True)
    refused = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    assert refused.ephemeral
    assert last_reply(refused).splitlines() == [
        "Not linked: Yiqi is missing permissions it needs to relay. Give it these, then run "
        "/setup bridge again:",
        f"• <#{w.zh_channel.id}>: Manage Webhooks",  # the English channel lacks nothing
    ]
    assert await w.bot.services.bridges.list_for_guild(w.guild.id) == []

    discord_locales[w.admin.id] = "zh-CN"
    await deny(w.env, w.en_channel, bot_id, embed_links=True, attach_files=True)
    refused = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    assert last_reply(refused).splitlines()[1:] == [
        f"• <#{w.en_channel.id}>: 嵌入链接, 附加文件",
        f"• <#{w.zh_channel.id}>: 管理 Webhook",
    ]
    assert await w.bot.services.bridges.list_for_guild(w.guild.id) == []


async def test_forums_are_checked_with_their_own_needs(world: World) -> None:
    w = world
    forum_en = w.guild.create_forum_channel("questions")
    forum_zh = w.guild.create_forum_channel("提问")
    bot_id = w.env.backend.bot_user.id
    await deny(w.env, forum_en, bot_id, send_messages=True, manage_threads=True)
    refused = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=forum_en, chinese_channel=forum_zh
    )
    # As on Discord, a channel where the bot may not post also takes its embeds and files.
    assert last_reply(refused).splitlines()[1:] == [
        f"• <#{forum_en.id}>: Create Posts, Embed Links, Attach Files, Manage Threads"
    ]


async def test_a_text_channel_needs_create_public_threads(world: World) -> None:
    w = world
    await deny(w.env, w.en_channel, w.env.backend.bot_user.id, create_public_threads=True)
    refused = await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    assert f"<#{w.en_channel.id}>: Create Public Threads" in last_reply(refused)
    assert await w.bot.services.bridges.list_for_guild(w.guild.id) == []
