"""Central handling for application commands: locale per interaction, localized errors."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.adapters.cooldowns import MemberOnCooldown
from bot.i18n.context import _, set_locale
from bot.i18n.messages.errors import Errors
from bot.i18n.messages.setup import Setup
from bot.services.log_redaction import error_trace
from bot.translation.languages import Reader

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)


def activate_reader_locale(reader: Reader) -> None:
    """Make ``_`` answer in this reader's language for the rest of the interaction."""
    set_locale(reader.value)  # "zh-TW" → the zh_TW catalog


class YiqiCommandTree(app_commands.CommandTree["YiqiBot"]):
    async def interaction_check(self, interaction: discord.Interaction[YiqiBot]) -> bool:
        """Pick the UI language for this interaction: member setting, else Discord locale."""
        reader = await self.client.services.members.reader_for(
            interaction.guild_id, interaction.user.id, str(interaction.locale)
        )
        activate_reader_locale(reader)
        return True

    async def on_error(
        self, interaction: discord.Interaction[YiqiBot], error: app_commands.AppCommandError
    ) -> None:
        interaction.client.metrics.interactions.labels(
            type="application_command", outcome="error"
        ).inc()
        if isinstance(error, app_commands.MissingPermissions | app_commands.NoPrivateMessage):
            message = _(Setup.NEEDS_MANAGE_SERVER)
        elif isinstance(error, MemberOnCooldown):
            message = _(Errors.TRY_AGAIN, seconds=error.retry_after)
        else:
            reference = uuid.uuid4().hex[:8]
            command = interaction.command.qualified_name if interaction.command else "?"
            where = (command, reference, interaction.guild_id, interaction.user.id)
            # Ids and frames only: the error's text may quote what the member typed.
            log.error(
                "command %s failed (reference %s, guild %s, user %s)\n%s",
                *where,
                error_trace(error),
            )
            log.debug(
                "command %s (reference %s, guild %s, user %s), in full", *where, exc_info=error
            )
            message = _(Errors.UNEXPECTED, reference=reference)
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction[YiqiBot], message: str) -> None:
    """Reply privately, whether or not the interaction was already answered."""
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)
