"""``/setup status``: the reply (the command itself lives with the other ``/setup`` ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from cogs.relay_health.buttons import status_view
from cogs.relay_health.render import status_text

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def show_status(interaction: discord.Interaction[YiqiBot]) -> None:
    """Privately: each bridge, what it has not delivered and why, with retry/discard buttons."""
    assert interaction.guild_id is not None  # /setup is guild-only
    services = interaction.client.services
    health = await services.relay_health.guild_health(interaction.guild_id)
    text, with_buttons = status_text(health, services.translation.unavailable)
    view = status_view(with_buttons)
    if view is None:
        await interaction.response.send_message(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, view=view, ephemeral=True)
