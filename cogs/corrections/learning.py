"""``/learning corrections on|off`` (any member) and ``/learning practice add|remove|list``
(Manage Server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.i18n import _
from bot.i18n.messages.corrections import Learning

if TYPE_CHECKING:
    from bot.app import YiqiBot

_Channel = discord.TextChannel | discord.ForumChannel


class LearningCog(
    commands.GroupCog,
    group_name=command_name(Learning.NAME),
    group_description=locale_str(Learning.DESCRIPTION),
):
    practice = app_commands.Group(
        name=command_name(Learning.PRACTICE_NAME),
        description=locale_str(Learning.PRACTICE_DESCRIPTION),
        guild_only=True,
    )

    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=command_name(Learning.CORRECTIONS_NAME),
        description=locale_str(Learning.CORRECTIONS_DESCRIPTION),
    )
    @app_commands.guild_only()
    @app_commands.rename(setting=command_name(Learning.SETTING_NAME))
    @app_commands.describe(setting=locale_str(Learning.SETTING_DESCRIPTION))
    @app_commands.choices(
        setting=[
            app_commands.Choice(name=locale_str(Learning.ON), value="on"),
            app_commands.Choice(name=locale_str(Learning.OFF), value="off"),
        ]
    )
    async def corrections(
        self, interaction: discord.Interaction[YiqiBot], setting: app_commands.Choice[str]
    ) -> None:
        assert interaction.guild_id is not None
        wanted = setting.value == "on"
        await self.bot.services.learning.set_corrections_wanted(
            interaction.guild_id, interaction.user.id, wanted
        )
        reply = Learning.CORRECTIONS_ON if wanted else Learning.CORRECTIONS_OFF
        await interaction.response.send_message(_(reply), ephemeral=True)

    @practice.command(
        name=command_name(Learning.ADD_NAME), description=locale_str(Learning.ADD_DESCRIPTION)
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.rename(channel=command_name(Learning.CHANNEL_NAME))
    @app_commands.describe(channel=locale_str(Learning.CHANNEL_DESCRIPTION))
    async def practice_add(
        self, interaction: discord.Interaction[YiqiBot], channel: _Channel
    ) -> None:
        assert interaction.guild_id is not None
        added = await self.bot.services.learning.add_practice_channel(
            interaction.guild_id, channel.id, interaction.user.id
        )
        reply = Learning.PRACTICE_ADDED if added else Learning.PRACTICE_ALREADY
        await interaction.response.send_message(_(reply, channel=channel.mention), ephemeral=True)

    @practice.command(
        name=command_name(Learning.REMOVE_NAME),
        description=locale_str(Learning.REMOVE_DESCRIPTION),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    @app_commands.rename(channel=command_name(Learning.CHANNEL_NAME))
    @app_commands.describe(channel=locale_str(Learning.CHANNEL_DESCRIPTION))
    async def practice_remove(
        self, interaction: discord.Interaction[YiqiBot], channel: _Channel
    ) -> None:
        assert interaction.guild_id is not None
        removed = await self.bot.services.learning.remove_practice_channel(
            interaction.guild_id, channel.id
        )
        reply = Learning.PRACTICE_REMOVED if removed else Learning.PRACTICE_NOT_THERE
        await interaction.response.send_message(_(reply, channel=channel.mention), ephemeral=True)

    @practice.command(
        name=command_name(Learning.LIST_NAME), description=locale_str(Learning.LIST_DESCRIPTION)
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def practice_list(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        channels = await self.bot.services.learning.practice_channels(interaction.guild_id)
        if not channels:
            reply = _(Learning.PRACTICE_NONE)
        else:
            reply = "\n".join([_(Learning.PRACTICE_LIST), *(f"- <#{c}>" for c in channels)])
        await interaction.response.send_message(reply, ephemeral=True)
