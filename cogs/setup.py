"""``/setup bridge|show|remove|chinese_script``: bridges and the server's Chinese script."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.channel_permissions import missing, permission_names
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _
from bot.i18n.messages.language import Language
from bot.i18n.messages.relay_health import RelayHealth
from bot.i18n.messages.setup import Setup
from bot.services.channel_permissions import relay_needs
from bot.services.exchange.bridges import BridgeConflictError, BridgeInfo, SameChannelError
from bot.translation.languages import Reader
from cogs.relay_health.status import show_status
from db.enums import ChannelKind

if TYPE_CHECKING:
    from bot.app import YiqiBot

BridgeableChannel = discord.TextChannel | discord.ForumChannel


def _kind(channel: BridgeableChannel) -> ChannelKind:
    return ChannelKind.FORUM if isinstance(channel, discord.ForumChannel) else ChannelKind.TEXT


def bot_missing_permissions(*channels: BridgeableChannel) -> str | None:
    """What the bot lacks in each channel for the relay, one line per channel (localized);
    None when it has everything everywhere."""
    lines = []
    for channel in dict.fromkeys(channels):  # once each, in order
        kind = _kind(channel)
        lacking = missing(channel.permissions_for(channel.guild.me), relay_needs(kind))
        if lacking:
            lines.append(f"• {channel.mention}: {permission_names(lacking, kind)}")
    return "\n".join([_(Setup.BOT_MISSING_PERMISSIONS), *lines]) if lines else None


def _mentions(bridge: BridgeInfo) -> dict[str, str]:
    return {"english": f"<#{bridge.en.channel_id}>", "chinese": f"<#{bridge.zh.channel_id}>"}


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class SetupCog(
    commands.GroupCog,
    group_name=command_name(Setup.NAME),
    group_description=locale_str(Setup.DESCRIPTION),
):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=command_name(Setup.BRIDGE_NAME), description=locale_str(Setup.BRIDGE_DESCRIPTION)
    )
    @app_commands.rename(
        english_channel=command_name(Setup.ENGLISH_CHANNEL_NAME),
        chinese_channel=command_name(Setup.CHINESE_CHANNEL_NAME),
    )
    @app_commands.describe(
        english_channel=locale_str(Setup.ENGLISH_CHANNEL_DESCRIPTION),
        chinese_channel=locale_str(Setup.CHINESE_CHANNEL_DESCRIPTION),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def bridge(
        self,
        interaction: discord.Interaction[YiqiBot],
        english_channel: BridgeableChannel,
        chinese_channel: BridgeableChannel,
    ) -> None:
        assert interaction.guild_id is not None  # guild_only
        refusal = bot_missing_permissions(english_channel, chinese_channel)
        if refusal is not None:
            await send_ephemeral(interaction, refusal)
            return
        try:
            bridge = await self.bot.services.bridges.link(
                interaction.guild_id,
                (english_channel.id, _kind(english_channel)),
                (chinese_channel.id, _kind(chinese_channel)),
                by=interaction.user.id,
            )
        except SameChannelError:
            await send_ephemeral(interaction, _(Setup.SAME_CHANNEL))
        except BridgeConflictError as conflict:
            await send_ephemeral(
                interaction, _(Setup.ALREADY_BRIDGED, channel=f"<#{conflict.channel_id}>")
            )
        else:
            await send_ephemeral(interaction, _(Setup.LINKED, **_mentions(bridge)))

    @app_commands.command(
        name=command_name(Setup.SHOW_NAME), description=locale_str(Setup.SHOW_DESCRIPTION)
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def show(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        bridges = await self.bot.services.bridges.list_for_guild(interaction.guild_id)
        if not bridges:
            text = _(Setup.NO_BRIDGES)
        else:
            text = "\n".join(
                f"• <#{b.en.channel_id}> (English) ↔ <#{b.zh.channel_id}> (中文)" for b in bridges
            )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(
        name=command_name(RelayHealth.STATUS_NAME),
        description=locale_str(RelayHealth.STATUS_DESCRIPTION),
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def status(self, interaction: discord.Interaction[YiqiBot]) -> None:
        await show_status(interaction)

    @app_commands.command(
        name=command_name(Setup.REMOVE_NAME), description=locale_str(Setup.REMOVE_DESCRIPTION)
    )
    @app_commands.rename(channel=command_name(Setup.CHANNEL_NAME))
    @app_commands.describe(channel=locale_str(Setup.CHANNEL_DESCRIPTION))
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(
        self, interaction: discord.Interaction[YiqiBot], channel: BridgeableChannel
    ) -> None:
        assert interaction.guild_id is not None
        removed = await self.bot.services.bridges.unlink(interaction.guild_id, channel.id)
        if removed is None:
            await send_ephemeral(interaction, _(Setup.NOT_BRIDGED, channel=channel.mention))
        else:
            await send_ephemeral(interaction, _(Setup.REMOVED, **_mentions(removed)))

    @app_commands.command(
        name=command_name(Setup.SCRIPT_NAME), description=locale_str(Setup.SCRIPT_DESCRIPTION)
    )
    @app_commands.rename(script=command_name(Setup.SCRIPT_OPTION_NAME))
    @app_commands.describe(script=locale_str(Setup.SCRIPT_OPTION_DESCRIPTION))
    @app_commands.choices(
        script=[
            app_commands.Choice(name=locale_str(Language.SIMPLIFIED), value=Reader.ZH_CN.value),
            app_commands.Choice(name=locale_str(Language.TRADITIONAL), value=Reader.ZH_TW.value),
        ]
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def chinese_script(
        self, interaction: discord.Interaction[YiqiBot], script: app_commands.Choice[str]
    ) -> None:
        assert interaction.guild_id is not None
        traditional = script.value == Reader.ZH_TW.value
        await self.bot.services.scripts.set_prefers_traditional(interaction.guild_id, traditional)
        name = Language.TRADITIONAL if traditional else Language.SIMPLIFIED
        await send_ephemeral(interaction, _(Setup.SCRIPT_CHANGED, script=_(name)))


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(SetupCog(bot))
