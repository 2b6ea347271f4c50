"""The simulated server: two bridged channels, a moderator and two members."""

from __future__ import annotations

from dataclasses import dataclass

import discord
import simcord

GUILD_NAME = "RedNote Friends"
ENGLISH_CHANNEL = "ask-english"
CHINESE_CHANNEL = "问问中文"


@dataclass(frozen=True)
class DemoWorld:
    env: simcord.Env
    guild: simcord.GuildHandle
    english: simcord.ChannelHandle
    chinese: simcord.ChannelHandle
    moderator: simcord.MemberActor
    emily: simcord.MemberActor  # writes English
    xiaohong: simcord.MemberActor  # 小红, writes Chinese
    setup_reply: str


def visible_reply(result: simcord.InteractionResult, *, missing: str = "") -> str:
    """What the member finally sees: the last followup, else the (deferred) response."""
    if result.followups:
        return str(result.followups[-1].content)
    return str(result.response.content) if result.response is not None else missing


async def build_world(env: simcord.Env) -> DemoWorld:
    """Create the server and link the bridge with the real ``/setup bridge`` command."""
    guild = env.create_guild(GUILD_NAME)
    mods = guild.create_role("moderator", permissions=discord.Permissions(manage_guild=True))
    english = guild.create_text_channel(ENGLISH_CHANNEL)
    chinese = guild.create_text_channel(CHINESE_CHANNEL)
    moderator = guild.add_member(env.create_user("mod", global_name="Moderator"), roles=[mods])
    emily = guild.add_member(env.create_user("emily", global_name="Emily"))
    xiaohong = guild.add_member(env.create_user("xiaohong", global_name="小红"))
    result = await moderator.slash(
        english, "setup bridge", english_channel=english, chinese_channel=chinese
    )
    return DemoWorld(
        env=env,
        guild=guild,
        english=english,
        chinese=chinese,
        moderator=moderator,
        emily=emily,
        xiaohong=xiaohong,
        setup_reply=visible_reply(result),
    )
