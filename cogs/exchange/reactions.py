"""Reactions on relayed messages feed the digest's engagement counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

if TYPE_CHECKING:
    from bot.app import YiqiBot


class ReactionsCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot

    def _counted(self, payload: discord.RawReactionActionEvent) -> bool:
        # Guild messages only, and never the bot's own reactions.
        return payload.guild_id is not None and (
            self.bot.user is None or payload.user_id != self.bot.user.id
        )

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        if self._counted(payload) and not (payload.member and payload.member.bot):
            await self.bot.services.reactions.reaction_added(payload.message_id)

    @commands.Cog.listener()
    async def on_raw_reaction_remove(self, payload: discord.RawReactionActionEvent) -> None:
        if self._counted(payload):
            await self.bot.services.reactions.reaction_removed(payload.message_id)
