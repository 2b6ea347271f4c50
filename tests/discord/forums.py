"""Forum posts by members in SimCord, shaped as Discord sends them.

SimCord 3.2.1 has no member action for "new forum post". On Discord a post is a public thread
in the forum plus its starter message, which has the thread's id; the gateway sends
THREAD_CREATE, then the starter's MESSAGE_CREATE inside the thread.
"""

from __future__ import annotations

import simcord

from tests.discord.conftest import World


async def post_in_forum(
    world: World,
    forum: simcord.ChannelHandle,
    member: simcord.MemberActor,
    title: str,
    text: str,
) -> simcord.ChannelHandle:
    """``member`` opens a post titled ``title`` in ``forum``; returns the post's thread."""
    backend = world.env.backend
    world.env.backend.require_permissions(world.guild.id, member.id, forum.id, "send_messages")
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
