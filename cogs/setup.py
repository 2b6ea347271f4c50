"""``/setup bridge|show|remove``: link English and Chinese channels (Manage Server only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.command_tree import UserFacingError
from bot.i18n.context import _
from bot.services.bridges import BridgeConflictError, BridgeInfo, ChannelKind, SameChannelError

if TYPE_CHECKING:
    from bot.app import YiqiBot

BridgeableChannel = discord.TextChannel | discord.ForumChannel


def _name(english: str) -> locale_str:
    return locale_str(english, context="command-name")


def _kind(channel: BridgeableChannel) -> ChannelKind:
    return ChannelKind.FORUM if isinstance(channel, discord.ForumChannel) else ChannelKind.TEXT


def _describe(bridge: BridgeInfo) -> str:
    return _(
        "Linked {english} (English) with {chinese} (Chinese).",
        english=f"<#{bridge.en.channel_id}>",
        chinese=f"<#{bridge.zh.channel_id}>",
    )


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCog(
    commands.GroupCog,
    group_name=_name("setup"),
    group_description=locale_str("Link English and Chinese channels"),
):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=_name("bridge"), description=locale_str("Link an English and a Chinese channel")
    )
    @app_commands.rename(english_channel=_name("english_channel"), chinese_channel=_name("chinese_channel"))
    @app_commands.describe(
        english_channel=locale_str("The channel where members write English"),
        chinese_channel=locale_str("The channel where members write Chinese"),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def bridge(
        self,
        interaction: discord.Interaction[YiqiBot],
        english_channel: BridgeableChannel,
        chinese_channel: BridgeableChannel,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        try:
            bridge = await self.bot.services.bridges.link(
                interaction.guild_id,
                (english_channel.id, _kind(english_channel)),
                (chinese_channel.id, _kind(chinese_channel)),
                by=interaction.user.id,
            )
        except SameChannelError as error:
            raise UserFacingError(_("A bridge needs two different channels.")) from error
        except BridgeConflictError as error:
            raise UserFacingError(
                _("{channel} is already part of a bridge.", channel=f"<#{error.channel_id}>")
            ) from error
        await interaction.response.send_message(_describe(bridge), ephemeral=True)

    @app_commands.command(name=_name("show"), description=locale_str("Show this server's bridges"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        bridges = await self.bot.services.bridges.list_for_guild(interaction.guild_id)
        if not bridges:
            text = _(
                "This server has no bridges yet. Use /setup bridge to link an English and a "
                "Chinese channel."
            )
        else:
            text = "\n".join(
                f"• <#{b.en.channel_id}> (English) ↔ <#{b.zh.channel_id}> (中文)" for b in bridges
            )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(
        name=_name("remove"), description=locale_str("Unlink the bridge a channel belongs to")
    )
    @app_commands.rename(channel=_name("channel"))
    @app_commands.describe(channel=locale_str("Either channel of the bridge"))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(
        self, interaction: discord.Interaction[YiqiBot], channel: BridgeableChannel
    ) -> None:
        assert interaction.guild_id is not None
        removed = await self.bot.services.bridges.unlink(interaction.guild_id, channel.id)
        if removed is None:
            raise UserFacingError(
                _("{channel} is not part of a bridge.", channel=channel.mention)
            )
        await interaction.response.send_message(
            _(
                "Bridge removed: {english} ↔ {chinese}.",
                english=f"<#{removed.en.channel_id}>",
                chinese=f"<#{removed.zh.channel_id}>",
            ),
            ephemeral=True,
        )


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(SetupCog(bot))
