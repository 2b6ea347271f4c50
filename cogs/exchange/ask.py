"""``/ask``: open a question from any channel of a bridge, after showing similar ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.command_tree import send_ephemeral
from bot.i18n import COMMAND_NAME, _
from bot.i18n.messages.exchange import Exchange
from bot.services.discord_text import MESSAGE_LIMIT
from bot.services.exchange.bridges import BridgeInfo
from bot.services.relay.port import Author
from cogs.exchange.links import similar_lines
from db.enums import Side

if TYPE_CHECKING:
    from bot.app import YiqiBot

CHOICE_TIMEOUT = 600
# Below the message limit: the posted question also carries a line for its translation.
QUESTION_MAX_LENGTH = MESSAGE_LIMIT - 200


class PostAnywayView(discord.ui.View):
    """Post anyway / Cancel, for the asker only."""

    def __init__(self, cog: AskCog, request: AskRequest) -> None:
        super().__init__(timeout=CHOICE_TIMEOUT)
        self.cog, self.request = cog, request
        self.post_anyway.label = _(Exchange.POST_ANYWAY)
        self.cancel.label = _(Exchange.CANCEL)

    async def interaction_check(self, interaction: discord.Interaction[YiqiBot]) -> bool:  # type: ignore[override]
        return interaction.user.id == self.request.author.id

    @discord.ui.button(style=discord.ButtonStyle.primary)
    async def post_anyway(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[PostAnywayView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(content=_(Exchange.POSTED), view=None)
        await self.cog.post(self.request)

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[PostAnywayView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(content=_(Exchange.NOT_POSTED), view=None)


class AskRequest:
    def __init__(self, guild_id: int, bridge: BridgeInfo, side: Side, author: Author, text: str):
        self.guild_id, self.bridge, self.side, self.author, self.text = (
            guild_id,
            bridge,
            side,
            author,
            text,
        )


class AskCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.sink = bot.services.mirror_sink

    @app_commands.command(
        name=locale_str(Exchange.ASK_NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Exchange.ASK_DESCRIPTION),
    )
    @app_commands.guild_only()
    @app_commands.rename(question=locale_str(Exchange.QUESTION_NAME, msgctxt=COMMAND_NAME))
    @app_commands.describe(question=locale_str(Exchange.QUESTION_DESCRIPTION))
    async def ask(
        self,
        interaction: discord.Interaction[YiqiBot],
        question: app_commands.Range[str, 1, QUESTION_MAX_LENGTH],
    ) -> None:
        services = self.bot.services
        channel = interaction.channel
        parent = (
            channel.parent_id if isinstance(channel, discord.Thread) else interaction.channel_id
        )
        bridge = await services.bridges.find_by_channel(parent or 0)
        side = bridge.side_of(parent or 0) if bridge else None
        if bridge is None or side is None or interaction.guild_id is None:
            await send_ephemeral(interaction, _(Exchange.ASK_WHERE))
            return
        user = interaction.user
        request = AskRequest(
            interaction.guild_id,
            bridge,
            side.side,
            Author(user.id, user.display_name, user.display_avatar.url),
            question,
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        similar = await services.similar.find(interaction.guild_id, question, side.side)
        if not similar:
            await self.post(request)
            await interaction.followup.send(_(Exchange.POSTED), ephemeral=True)
            return
        text = "\n".join([_(Exchange.ALREADY_ASKED), *similar_lines(request.guild_id, similar)])
        await interaction.followup.send(text, view=PostAnywayView(self, request), ephemeral=True)

    async def post(self, request: AskRequest) -> None:
        async with self.bot.in_flight.track():
            await self.bot.services.relay.ask(
                self.sink,
                request.bridge,
                request.side,
                guild_id=request.guild_id,
                author=request.author,
                text=request.text,
            )
