"""Retry now / Discard under ``/setup status``: persistent buttons (they work after a restart
and in any process), the bridge id in the custom id, Manage Server checked on every press."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.command_tree import activate_reader_locale, send_ephemeral
from bot.i18n import _
from bot.i18n.messages.relay_health import RelayHealth
from bot.i18n.messages.setup import Setup
from cogs.relay_health.render import discarded_text, retried_text

if TYPE_CHECKING:
    from bot.app import YiqiBot

RETRY, DISCARD = "retry", "discard"


class BridgeHealthButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"relay-health:(?P<action>retry|discard):(?P<bridge>[0-9]+)",
):
    def __init__(self, action: str, bridge_id: int, number: int = 0) -> None:
        label = _(RelayHealth.RETRY_LABEL if action == RETRY else RelayHealth.DISCARD_LABEL)
        super().__init__(
            discord.ui.Button(
                label=f"{label} ({number})" if number else label,
                style=discord.ButtonStyle.primary
                if action == RETRY
                else discord.ButtonStyle.secondary,
                custom_id=f"relay-health:{action}:{bridge_id}",
            )
        )
        self.action, self.bridge_id = action, bridge_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> BridgeHealthButton:
        return cls(match["action"], int(match["bridge"]))

    async def callback(self, interaction: discord.Interaction[YiqiBot]) -> None:  # type: ignore[override]
        bot = interaction.client
        reader = await bot.services.members.reader_for(
            interaction.guild_id, interaction.user.id, str(interaction.locale)
        )
        activate_reader_locale(reader)  # clicks skip the tree's interaction_check
        # Checked again on every press: the status may have been shown to someone who has
        # since lost Manage Server, and a button's custom id can be forged.
        if interaction.guild_id is None or not interaction.permissions.manage_guild:
            await send_ephemeral(interaction, _(Setup.NEEDS_MANAGE_SERVER))
            return
        health = bot.services.relay_health
        if self.action == RETRY:
            action = await health.retry_now(interaction.guild_id, self.bridge_id)
            text = retried_text(action) if action else _(RelayHealth.BRIDGE_GONE)
        else:
            action = await health.discard(interaction.guild_id, self.bridge_id)
            text = discarded_text(action) if action else _(RelayHealth.BRIDGE_GONE)
        await send_ephemeral(interaction, text)


def status_view(with_buttons: list[tuple[int, int]]) -> discord.ui.View | None:
    """One row per failing bridge: (number shown, bridge id)."""
    if not with_buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row, (number, bridge_id) in enumerate(with_buttons):
        for action in (RETRY, DISCARD):
            button = BridgeHealthButton(action, bridge_id, number)
            button.item.row = row
            view.add_item(button)
    return view
