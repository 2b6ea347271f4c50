"""``/tm list|revert|sharing``: the server's translation memory, always answered privately."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _
from bot.i18n.messages.memory import Memory
from bot.services.discord_split import pack_lines
from bot.services.discord_text import fit, inline_text
from bot.services.memory.entries import EntryView, RevertOutcome
from bot.services.relay.render import FLAGS

if TYPE_CHECKING:
    from bot.app import YiqiBot

EXCERPT = 300

_REVERT_REPLIES = {
    RevertOutcome.REVERTED: Memory.REVERTED,
    RevertOutcome.NOT_FOUND: Memory.NOT_FOUND,
    RevertOutcome.NOT_ALLOWED: Memory.NOT_ALLOWED,
    RevertOutcome.ALREADY: Memory.ALREADY,
}


def is_moderator(user: discord.abc.User) -> bool:
    """Moderators manage the server or its messages."""
    if not isinstance(user, discord.Member):
        return False
    permissions = user.guild_permissions
    return permissions.manage_guild or permissions.manage_messages


def entry_lines(entry: EntryView) -> list[str]:
    """One entry for ``/tm list``: number, direction, editor and date; source and improvement."""
    direction = f"{FLAGS[entry.source_side]}→{FLAGS[entry.target_side]}"
    by = _(Memory.ENTRY_LINE, name=inline_text(entry.editor_name), date=entry.created_at.date())
    reverted = f" · *{_(Memory.REVERTED_MARK)}*" if entry.reverted else ""
    return [
        f"**#{entry.id}** {direction} {by}{reverted}",
        f"> {fit(inline_text(entry.source_text), EXCERPT)}",
        f"→ {fit(inline_text(entry.human_text), EXCERPT)}",
    ]


@app_commands.guild_only()
class MemoryCog(
    commands.GroupCog,
    group_name=command_name(Memory.NAME),
    group_description=locale_str(Memory.DESCRIPTION),
):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=command_name(Memory.LIST_NAME), description=locale_str(Memory.LIST_DESCRIPTION)
    )
    @app_commands.rename(page=command_name(Memory.PAGE_NAME))
    @app_commands.describe(page=locale_str(Memory.PAGE_DESCRIPTION))
    async def list_entries(
        self, interaction: discord.Interaction[YiqiBot], page: app_commands.Range[int, 1] = 1
    ) -> None:
        assert interaction.guild_id is not None
        entries = await self.bot.services.memory_entries.page(
            interaction.guild_id,
            interaction.user.id,
            moderator=is_moderator(interaction.user),
            page=page,
        )
        if not entries:
            await send_ephemeral(interaction, _(Memory.EMPTY))
            return
        lines = [_(Memory.HEADING, page=page)]
        for entry in entries:
            lines.extend(entry_lines(entry))
        for index, chunk in enumerate(pack_lines(lines)):
            send = interaction.followup.send if index else interaction.response.send_message
            await send(chunk, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())

    @app_commands.command(
        name=command_name(Memory.REVERT_NAME), description=locale_str(Memory.REVERT_DESCRIPTION)
    )
    @app_commands.rename(entry=command_name(Memory.ENTRY_NAME))
    @app_commands.describe(entry=locale_str(Memory.ENTRY_DESCRIPTION))
    async def revert(
        self, interaction: discord.Interaction[YiqiBot], entry: app_commands.Range[int, 1]
    ) -> None:
        assert interaction.guild_id is not None
        services = self.bot.services
        await interaction.response.defer(ephemeral=True, thinking=True)
        done = await services.memory_entries.revert(
            interaction.guild_id,
            entry,
            interaction.user.id,
            moderator=is_moderator(interaction.user),
        )
        await services.relay.refresh_mirrors(services.mirror_sink, done.relay_ids)
        await send_ephemeral(interaction, _(_REVERT_REPLIES[done.outcome], entry=entry))

    @app_commands.command(
        name=command_name(Memory.SHARING_NAME), description=locale_str(Memory.SHARING_DESCRIPTION)
    )
    @app_commands.rename(keep=command_name(Memory.KEEP_NAME))
    @app_commands.describe(keep=locale_str(Memory.KEEP_DESCRIPTION))
    async def sharing(self, interaction: discord.Interaction[YiqiBot], keep: bool) -> None:
        assert interaction.guild_id is not None
        services = self.bot.services
        if keep:
            await services.memory.consent(interaction.guild_id, interaction.user.id)
            await send_ephemeral(interaction, _(Memory.SHARING_ON))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        count, relay_ids = await services.memory.withdraw(interaction.guild_id, interaction.user.id)
        await services.relay.refresh_mirrors(services.mirror_sink, relay_ids)
        await send_ephemeral(interaction, _(Memory.SHARING_OFF, count=count))
