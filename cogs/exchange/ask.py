"""``/ask``: open a question from any channel of a bridge, after showing similar ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.command_tree import send_ephemeral
from bot.adapters.cooldowns import member_cooldown
from bot.i18n import COMMAND_NAME, _
from bot.i18n.messages.exchange import Exchange
from bot.services.discord_text import MESSAGE_LIMIT
from bot.services.relay.port import Author
from bot.services.relay.service import QuestionDraft
from cogs.exchange.ask_access import ask_refusal
from cogs.exchange.links import similar_lines

if TYPE_CHECKING:
    from bot.app import YiqiBot

CHOICE_TIMEOUT = 600
# Below the message limit: the posted question also carries a line for its translation.
QUESTION_MAX_LENGTH = MESSAGE_LIMIT - 200


class PostAnywayView(discord.ui.View):
    """Post anyway / Cancel, for the asker only."""

    def __init__(self, cog: AskCog, draft: QuestionDraft, channel_id: int) -> None:
        super().__init__(timeout=CHOICE_TIMEOUT)
        self.cog, self.draft, self.channel_id = cog, draft, channel_id
        self.post_anyway.label = _(Exchange.POST_ANYWAY)
        self.cancel.label = _(Exchange.CANCEL)

    async def interaction_check(self, interaction: discord.Interaction[YiqiBot]) -> bool:  # type: ignore[override]
        return interaction.user.id == self.draft.author.id

    @discord.ui.button(style=discord.ButtonStyle.primary)
    async def post_anyway(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[PostAnywayView]
    ) -> None:
        self.stop()
        # Checked again: permissions or the slowmode may have changed while the choice was shown.
        refusal = await ask_refusal(interaction, self.channel_id)
        if refusal is not None:
            await interaction.response.edit_message(content=refusal, view=None)
            return
        await interaction.response.edit_message(content=_(Exchange.POSTED), view=None)
        await self.cog.post(self.draft)

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[PostAnywayView]
    ) -> None:
        self.stop()
        await interaction.response.edit_message(content=_(Exchange.NOT_POSTED), view=None)


class AskCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.sink = bot.services.mirror_sink

    @app_commands.command(
        name=locale_str(Exchange.ASK_NAME, msgctxt=COMMAND_NAME),
        description=locale_str(Exchange.ASK_DESCRIPTION),
    )
    @app_commands.guild_only()
    @member_cooldown(lambda limits: limits.ask)
    @app_commands.rename(question=locale_str(Exchange.QUESTION_NAME, msgctxt=COMMAND_NAME))
    @app_commands.describe(question=locale_str(Exchange.QUESTION_DESCRIPTION))
    async def ask(
        self,
        interaction: discord.Interaction[YiqiBot],
        question: app_commands.Range[str, 1, QUESTION_MAX_LENGTH],
    ) -> None:
        channel = interaction.channel
        parent = (
            channel.parent_id if isinstance(channel, discord.Thread) else interaction.channel_id
        )
        if parent is None or interaction.guild_id is None:
            await send_ephemeral(interaction, _(Exchange.ASK_WHERE))
            return
        refusal = await ask_refusal(interaction, parent)
        if refusal is not None:
            await send_ephemeral(interaction, refusal)
            return
        user = interaction.user
        author = Author(user.id, user.display_name, user.display_avatar.url)
        await interaction.response.defer(ephemeral=True, thinking=True)
        # One translation serves the "already asked" search and, once posted, the mirror.
        draft = await self.bot.services.relay.preview(
            parent, interaction.guild_id, author, question
        )
        if draft is None:
            await send_ephemeral(interaction, _(Exchange.ASK_WHERE))
            return
        if not draft.similar:
            await self.post(draft)
            await interaction.followup.send(_(Exchange.POSTED), ephemeral=True)
            return
        text = "\n".join(
            [_(Exchange.ALREADY_ASKED), *similar_lines(interaction.guild_id, draft.similar)]
        )
        await interaction.followup.send(
            text,
            view=PostAnywayView(self, draft, parent),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    async def post(self, draft: QuestionDraft) -> None:
        async with self.bot.in_flight.track():
            await self.bot.services.relay.ask(self.sink, draft)
