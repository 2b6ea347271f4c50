"""May this member post a question in that channel now, as Discord would let them post there?

``/ask`` posts through a webhook, which Discord never checks against the member: without this,
a member denied Send Messages (or held back by slowmode) could post, and be mirrored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.adapters.channel_permissions import channel_kind, has_any, missing, permission_names
from bot.i18n import _
from bot.i18n.messages.exchange import Exchange
from bot.services.channel_permissions import ASKER_NEEDS, SLOWMODE_BYPASS

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def ask_refusal(interaction: discord.Interaction[YiqiBot], channel_id: int) -> str | None:
    """Why the member may not post a question in ``channel_id`` now (localized); None: they may.

    Their permissions there (overwrites, timeout) and, unless they may bypass it, the
    channel's slowmode counted from their last question in it.
    """
    guild, member = interaction.guild, interaction.user
    channel = guild.get_channel(channel_id) if guild is not None else None
    if guild is None or channel is None or not isinstance(member, discord.Member):
        return None  # not a bridged guild channel: /ask explains where to use it
    granted = channel.permissions_for(member)
    mention = f"<#{channel_id}>"
    lacking = missing(granted, ASKER_NEEDS)
    if lacking:
        names = permission_names(lacking, channel_kind(channel))
        return _(Exchange.ASK_NOT_ALLOWED, channel=mention, permissions=names)
    slowmode = getattr(channel, "slowmode_delay", 0)
    if not slowmode or has_any(granted, SLOWMODE_BYPASS):
        return None
    wait = await interaction.client.services.questions.slowmode_wait(
        guild.id, channel_id, member.id, slowmode_seconds=slowmode
    )
    return _(Exchange.ASK_SLOWMODE, channel=mention, seconds=wait) if wait else None
