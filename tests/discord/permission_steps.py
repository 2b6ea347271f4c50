"""Steps for permission scenarios: overwrites and slowmode set the way a moderator would."""

from __future__ import annotations

import discord
import simcord
from simcord.backend.models import Overwrite
from simcord.enums import OverwriteType


async def deny(
    env: simcord.Env, channel: simcord.ChannelHandle, member_id: int, **denied: bool
) -> None:
    """A member overwrite on ``channel`` denying ``denied`` (the gateway announces it)."""
    flags = discord.Permissions(**denied)
    env.backend.set_overwrite(
        channel.id,
        Overwrite(target_id=member_id, type=OverwriteType.MEMBER, allow=0, deny=flags.value),
    )
    await env.settle()


async def set_slowmode(env: simcord.Env, channel: simcord.ChannelHandle, seconds: int) -> None:
    env.backend.edit_channel(channel.id, {"rate_limit_per_user": seconds})
    await env.settle()
