"""Helpers SimCord scenarios share: the world they play in, and what members see in it.

Test modules import from here (never from conftest.py or from each other); fixtures live in
conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord
import simcord

from bot.app import YiqiBot


@dataclass
class World:
    """A server with one English and one Chinese channel, an admin and two members."""

    env: simcord.Env
    bot: YiqiBot
    guild: simcord.GuildHandle
    en_channel: simcord.ChannelHandle
    zh_channel: simcord.ChannelHandle
    admin: simcord.MemberActor
    alice: simcord.MemberActor  # writes English
    wei: simcord.MemberActor  # writes Chinese


def last_reply(result: simcord.InteractionResult) -> str:
    """The text the member finally sees: the last followup, else the (deferred) response."""
    if result.followups:
        return str(result.followups[-1].content)
    assert result.response is not None, "the interaction got no visible answer"
    return str(result.response.content)


async def bridged(world: World) -> World:
    """The admin links the English and the Chinese channel."""
    await world.admin.slash(
        world.en_channel,
        "setup bridge",
        english_channel=world.en_channel,
        chinese_channel=world.zh_channel,
    )
    return world


async def link(world: World, en: simcord.ChannelHandle, zh: simcord.ChannelHandle) -> None:
    """The admin links any English and Chinese channel (text or forum) into a bridge."""
    result = await world.admin.slash(
        world.en_channel, "setup bridge", english_channel=en, chinese_channel=zh
    )
    assert "Linked" in last_reply(result)


def only_thread(channel: simcord.ChannelHandle) -> simcord.ChannelHandle:
    threads = channel.threads
    assert len(threads) == 1, threads
    return threads[0]


def texts(channel: simcord.ChannelHandle) -> list[str]:
    return [m.content for m in channel.history()]


def relayed(channel: simcord.ChannelHandle) -> list[discord.Message]:
    """Messages Yiqi posted through its webhook, oldest first."""
    return [m for m in channel.history() if m.webhook_id is not None]


async def post_in_forum(
    world: World,
    forum: simcord.ChannelHandle,
    member: simcord.MemberActor,
    title: str,
    text: str,
) -> simcord.ChannelHandle:
    """``member`` opens a post titled ``title`` in ``forum``; returns the post's thread.

    SimCord 3.2.1 has no member action for "new forum post". On Discord a post is a public
    thread in the forum plus its starter message, which has the thread's id; the gateway sends
    THREAD_CREATE, then the starter's MESSAGE_CREATE inside the thread.
    """
    backend = world.env.backend
    backend.require_permissions(world.guild.id, member.id, forum.id, "send_messages")
    starter = backend.prepare_message(forum.id, member.id, text)
    thread = backend.create_thread(
        forum.id, title, member.id, message_id=starter.id, broadcast=False
    )
    starter.channel_id = thread.id
    backend.commit_message(starter, broadcast=False)
    backend.get_channel(forum.id).last_message_id = thread.id
    backend.announce_thread_create(thread)
    backend.announce_message_create(starter)
    await world.env.settle()
    return simcord.ChannelHandle(world.env, world.guild, thread)


def thread_named(forum: simcord.ChannelHandle, name: str) -> simcord.ChannelHandle:
    [thread] = [t for t in forum.threads if t.name == name]
    return thread
