"""``/answered``: the asker (or a moderator) marks the question answered on both sides."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.command_tree import send_ephemeral
from bot.i18n import COMMAND_NAME, _, use_locale
from bot.i18n.messages.exchange import Exchange
from bot.services.discord_text import THREAD_NAME_LIMIT, fit
from bot.services.exchange.questions import AnsweredOutcome
from bot.translation.languages import Reader
from db.enums import Side

if TYPE_CHECKING:
    from bot.app import YiqiBot

ANSWERED_PREFIX = "✅ "


class AnsweredCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot

    @app_commands.command(
        name=locale_str(Exchange.ANSWERED_NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Exchange.ANSWERED_DESCRIPTION),
    )
    @app_commands.guild_only()
    async def answered(self, interaction: discord.Interaction[YiqiBot]) -> None:
        channel = interaction.channel
        if not isinstance(channel, discord.Thread):
            await send_ephemeral(interaction, _(Exchange.NOT_A_QUESTION_THREAD))
            return
        member = interaction.user
        is_moderator = isinstance(member, discord.Member) and (
            member.guild_permissions.manage_guild or member.guild_permissions.manage_threads
        )
        result = await self.bot.services.questions.mark_answered(
            channel.id, by=member.id, is_moderator=is_moderator
        )
        replies = {
            AnsweredOutcome.NOT_A_QUESTION: Exchange.NOT_A_QUESTION_THREAD,
            AnsweredOutcome.NOT_ALLOWED: Exchange.ONLY_ASKER,
            AnsweredOutcome.ALREADY: Exchange.ALREADY_ANSWERED,
            AnsweredOutcome.MARKED: Exchange.MARKED_ANSWERED,
        }
        await send_ephemeral(interaction, _(replies[result.outcome]))
        if result.outcome is AnsweredOutcome.MARKED:
            for thread_id, side in result.threads:
                await self._show_answered(thread_id, side)

    async def _show_answered(self, thread_id: int, side: Side) -> None:
        thread = self.bot.get_channel(thread_id) or await self.bot.fetch_channel(thread_id)
        if not isinstance(thread, discord.Thread):
            return
        if not thread.name.startswith(ANSWERED_PREFIX):
            await thread.edit(name=fit(ANSWERED_PREFIX + thread.name, THREAD_NAME_LIMIT))
        with use_locale(Reader.for_side(side).value):  # each side reads the notice in its language
            await thread.send(_(Exchange.ANSWERED_BADGE))
