"""``/penpal end|block|unblock|report``: leaving a conversation and telling the moderators."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _, use_locale
from bot.i18n.messages.penpal import Penpal, PenpalCommands
from bot.services.discord_text import (
    MESSAGE_LIMIT,
    code_block_text,
    discord_length,
    escape_markdown,
    fit,
)
from bot.services.penpal.safety import BlockOutcome, ReportFiled, render_transcript
from cogs.penpal.spaces import close_conversation

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)
TRANSCRIPT_FILENAME = "transcript.txt"
_CLOSE_FENCE = "\n```"
_BLOCK_REPLIES = {
    BlockOutcome.BLOCKED: Penpal.BLOCKED,
    BlockOutcome.ALREADY: Penpal.ALREADY_BLOCKED,
    BlockOutcome.SELF: Penpal.BLOCK_SELF,
}


def report_post(filed: ReportFiled) -> tuple[str, discord.File]:
    """The moderators' message (in the server's default language) and the full transcript."""
    with use_locale("en"):
        heading = _(
            Penpal.REPORT_HEADING,
            number=filed.report_id,
            reporter=f"<@{filed.reporter_id}>",
            reported=f"<@{filed.reported_id}>",
            reason=escape_markdown(filed.reason),
        )
        transcript = render_transcript(filed.transcript) or _(Penpal.REPORT_EMPTY)
        shown = code_block_text(transcript)  # the file keeps the text exactly
        content = f"{heading}\n{_(Penpal.REPORT_TRANSCRIPT)}\n```\n{shown}"
    # The preview is cut to leave room for the closing fence; the file holds the whole text.
    content = fit(content, MESSAGE_LIMIT - discord_length(_CLOSE_FENCE)) + _CLOSE_FENCE
    attachment = discord.File(io.BytesIO(transcript.encode("utf-8")), TRANSCRIPT_FILENAME)
    return content, attachment


class SafetyCommands(commands.GroupCog):
    """The safety half of ``/penpal`` (PenpalCog adds the pool commands)."""

    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=command_name(PenpalCommands.END_NAME),
        description=locale_str(PenpalCommands.END_DESCRIPTION),
    )
    async def end(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        ended = await self.bot.services.penpal_safety.end(interaction.guild_id, interaction.user.id)
        await send_ephemeral(interaction, _(Penpal.ENDED if ended else Penpal.NO_PARTNER))
        if ended is not None:
            await close_conversation(self.bot, ended)

    @app_commands.command(
        name=command_name(PenpalCommands.BLOCK_NAME),
        description=locale_str(PenpalCommands.BLOCK_DESCRIPTION),
    )
    @app_commands.rename(member=command_name(PenpalCommands.MEMBER_NAME))
    @app_commands.describe(member=locale_str(PenpalCommands.MEMBER_DESCRIPTION))
    async def block(
        self, interaction: discord.Interaction[YiqiBot], member: discord.Member | None = None
    ) -> None:
        assert interaction.guild_id is not None
        safety = self.bot.services.penpal_safety
        target = (
            member.id
            if member
            else await safety.current_partner(interaction.guild_id, interaction.user.id)
        )
        if target is None:
            await send_ephemeral(interaction, _(Penpal.NO_PARTNER))
            return
        outcome, ended = await safety.block(interaction.guild_id, interaction.user.id, target)
        await send_ephemeral(interaction, _(_BLOCK_REPLIES[outcome], member=f"<@{target}>"))
        if ended is not None:
            await close_conversation(self.bot, ended)

    @app_commands.command(
        name=command_name(PenpalCommands.UNBLOCK_NAME),
        description=locale_str(PenpalCommands.UNBLOCK_DESCRIPTION),
    )
    @app_commands.rename(member=command_name(PenpalCommands.MEMBER_NAME))
    @app_commands.describe(member=locale_str(PenpalCommands.MEMBER_DESCRIPTION))
    async def unblock(
        self, interaction: discord.Interaction[YiqiBot], member: discord.Member
    ) -> None:
        assert interaction.guild_id is not None
        done = await self.bot.services.penpal_safety.unblock(
            interaction.guild_id, interaction.user.id, member.id
        )
        reply = Penpal.UNBLOCKED if done else Penpal.NOT_BLOCKED
        await send_ephemeral(interaction, _(reply, member=member.mention))

    @app_commands.command(
        name=command_name(PenpalCommands.REPORT_NAME),
        description=locale_str(PenpalCommands.REPORT_DESCRIPTION),
    )
    @app_commands.rename(reason=command_name(PenpalCommands.REASON_NAME))
    @app_commands.describe(reason=locale_str(PenpalCommands.REASON_DESCRIPTION))
    async def report(
        self, interaction: discord.Interaction[YiqiBot], reason: app_commands.Range[str, 1, 1000]
    ) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        filed = await self.bot.services.penpal_safety.report(
            interaction.guild_id, interaction.user.id, reason
        )
        if filed is None:
            await send_ephemeral(interaction, _(Penpal.NO_ONE_TO_REPORT))
            return
        sent = await self._tell_moderators(filed)
        await send_ephemeral(
            interaction, _(Penpal.REPORT_SENT if sent else Penpal.REPORT_NO_CHANNEL)
        )

    async def _tell_moderators(self, filed: ReportFiled) -> bool:
        channel = (
            self.bot.get_channel(filed.moderators_channel_id)
            if filed.moderators_channel_id
            else None
        )
        if not isinstance(channel, discord.TextChannel):
            return False
        content, attachment = report_post(filed)
        try:
            message = await channel.send(
                content, file=attachment, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException:
            log.exception("could not post report %s", filed.report_id)
            return False
        await self.bot.services.penpal_safety.report_posted(filed.report_id, message.id)
        return True
