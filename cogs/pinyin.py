"""The "Pinyin" message context menu: a message's Chinese with pinyin, shown privately."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.cooldowns import cooldown_check
from bot.i18n import CONTEXT_MENU, _
from bot.i18n.messages.pinyin import Pinyin

if TYPE_CHECKING:
    from bot.app import YiqiBot


class PinyinCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(
            name=locale_str(Pinyin.MENU, msgctxt=CONTEXT_MENU), callback=self.show_pinyin
        )
        self.menu.add_check(cooldown_check(lambda limits: limits.pinyin))
        bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def show_pinyin(
        self, interaction: discord.Interaction[YiqiBot], message: discord.Message
    ) -> None:
        pinyin = self.bot.services.pinyin
        # jieba loads its dictionary on first use (about a second): answer "thinking" first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        text = await pinyin.shown_text(message.id, message.content)
        parts = await pinyin.view(text) or [_(Pinyin.NO_CHINESE)]
        for part in parts:
            # The member's mentions render but never ping; their links don't unfold again.
            await interaction.followup.send(
                part,
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
                suppress_embeds=True,
            )


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(PinyinCog(bot))
