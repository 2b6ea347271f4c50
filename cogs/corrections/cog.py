"""The "Correct" message menu: a modal, then a card replying to the message; Thanks."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.command_tree import activate_reader_locale
from bot.adapters.cooldowns import cooldown_check
from bot.i18n import CONTEXT_MENU, _, use_locale
from bot.i18n.messages.corrections import Corrections
from bot.services.corrections.helpful import Thanks, ThanksOutcome
from bot.services.corrections.service import Message, NameOf, PendingCard, Refusal, Target
from bot.services.corrections.wanted import Place
from bot.services.relay.port import Author
from cogs.corrections.views import CorrectionModal, ThanksView

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)
_NO_PINGS = discord.AllowedMentions.none()
_REFUSALS = {
    Refusal.BOT: Corrections.REFUSE_BOT,
    Refusal.OWN: Corrections.REFUSE_OWN,
    Refusal.EMPTY: Corrections.REFUSE_EMPTY,
    Refusal.UNCHANGED: Corrections.REFUSE_UNCHANGED,
    Refusal.NOT_WANTED: Corrections.REFUSE_NOT_WANTED,
}
_THANKS_REPLIES = {
    Thanks.MARKED: Corrections.THANKED,
    Thanks.ALREADY: Corrections.ALREADY_THANKED,
    Thanks.NOT_LEARNER: Corrections.ONLY_LEARNER,
}


def place_of(channel: object) -> Place:
    """A message's channel, and a thread's parent (threads inherit practice channels)."""
    if isinstance(channel, discord.Thread):
        return Place(channel.id, channel.parent_id)
    return Place(getattr(channel, "id", 0))


def author_of(user: discord.abc.User) -> Author:
    return Author(user.id, user.display_name, user.display_avatar.url)


class CorrectionsCog(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.correct_menu = app_commands.ContextMenu(
            name=locale_str(Corrections.CORRECT_MENU, msgctxt=CONTEXT_MENU),
            callback=self.correct_message,
        )
        self.correct_menu.guild_only = True
        self.correct_menu.add_check(cooldown_check(lambda limits: limits.correct))
        bot.tree.add_command(self.correct_menu)

    @property
    def _my_id(self) -> int | None:
        return self.bot.user.id if self.bot.user is not None else None

    async def cog_load(self) -> None:
        self.bot.add_view(ThanksView(self.thanks_pressed))

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.correct_menu.name, type=self.correct_menu.type)

    async def correct_message(
        self, interaction: discord.Interaction[YiqiBot], message: discord.Message
    ) -> None:
        assert interaction.guild_id is not None
        found = Message(
            guild_id=interaction.guild_id,
            place=place_of(message.channel),
            message_id=message.id,
            author_id=message.author.id,
            text=message.content,
            author_is_bot=message.author.bot or message.author.id == self._my_id,
            webhook_id=message.webhook_id,
        )
        target = await self.bot.services.corrections.target(found, interaction.user.id)
        if isinstance(target, Refusal):
            await interaction.response.send_message(_(_REFUSALS[target]), ephemeral=True)
            return
        submitted = partial(self._submitted, target, message)
        await interaction.response.send_modal(CorrectionModal(target.text, submitted))

    async def _submitted(
        self,
        target: Target,
        message: discord.Message,
        interaction: discord.Interaction[YiqiBot],
        corrected: str,
        note: str,
    ) -> None:
        await self._speak_to(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        corrector = author_of(interaction.user)
        asked_in = place_of(message.channel)
        services = self.bot.services
        pending = await services.corrections.submit(target, corrector, corrected, note, asked_in)
        if isinstance(pending, Refusal):
            await interaction.followup.send(_(_REFUSALS[pending]), ephemeral=True)
            return
        card = await self._post_card(message, pending)
        await services.corrections.card_posted(
            services.mirror_sink,
            pending,
            card_message_id=card.id,
            asked_in=asked_in,
            reply_to=message.id,
            corrector=corrector,
        )
        await interaction.followup.send(_(Corrections.POSTED), ephemeral=True)

    async def _post_card(self, message: discord.Message, pending: PendingCard) -> discord.Message:
        with use_locale(pending.reader.value):
            view = ThanksView(self.thanks_pressed, _(Corrections.THANKS_BUTTON))
        return await message.reply(
            pending.content,
            view=view,
            allowed_mentions=_NO_PINGS,
            mention_author=False,
            suppress_embeds=True,
        )

    async def thanks_pressed(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.message is not None
        await self._speak_to(interaction)
        outcome = await self.bot.services.corrections.thank(
            interaction.message.id, interaction.user.id, self._name_in(interaction.guild_id)
        )
        reply = _THANKS_REPLIES.get(outcome.result)
        if outcome.result is Thanks.MARKED and outcome.card is not None:
            await interaction.response.edit_message(
                content=outcome.card, allowed_mentions=_NO_PINGS
            )
            await self._card_edited(outcome)
            if reply is not None:
                await interaction.followup.send(_(reply), ephemeral=True)
            return
        if reply is not None:
            await interaction.response.send_message(_(reply), ephemeral=True)
        else:
            await interaction.response.defer()

    async def _speak_to(self, interaction: discord.Interaction[YiqiBot]) -> None:
        """Modal submits and clicks skip the tree's interaction_check: pick the language."""
        reader = await self.bot.services.members.reader_for(
            interaction.guild_id, interaction.user.id, str(interaction.locale)
        )
        activate_reader_locale(reader)

    def _name_in(self, guild_id: int | None) -> NameOf:
        """A member's display name as the card shows it (None: not in the cache)."""
        guild = self.bot.get_guild(guild_id) if guild_id else None

        def name_of(user_id: int) -> str | None:
            member = guild.get_member(user_id) if guild is not None else None
            return member.display_name if member is not None else None

        return name_of

    async def _card_edited(self, outcome: ThanksOutcome) -> None:
        """The card says it helped: its mirror on the other side follows."""
        if outcome.card_message_id is None or outcome.card is None:
            return
        await self.bot.services.relay.mirror_edit(
            self.bot.services.mirror_sink, outcome.card_message_id, outcome.card
        )

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """The learner's reaction on a card (or its mirror) marks it helpful too."""
        if payload.guild_id is None or payload.user_id == self._my_id:
            return
        outcome = await self.bot.services.corrections.thank(
            payload.message_id, payload.user_id, self._name_in(payload.guild_id)
        )
        if outcome.result is not Thanks.MARKED or outcome.card_channel_id is None:
            return
        channel = self.bot.get_channel(outcome.card_channel_id)
        if isinstance(channel, discord.Thread | discord.TextChannel) and outcome.card_message_id:
            card = channel.get_partial_message(outcome.card_message_id)
            await card.edit(content=outcome.card, allowed_mentions=_NO_PINGS)
        await self._card_edited(outcome)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self._remove_cards([payload.message_id])

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        await self._remove_cards(sorted(payload.message_ids))

    async def _remove_cards(self, message_ids: list[int]) -> None:
        """A corrected message was deleted: its card goes too."""
        cards = await self.bot.services.corrections.cards_of_deleted(message_ids)
        for channel_id, card_id in cards:
            channel = self.bot.get_channel(channel_id)
            if not isinstance(channel, discord.Thread | discord.TextChannel):
                continue
            try:
                await channel.get_partial_message(card_id).delete()
            except discord.NotFound:
                continue  # gone already
            except discord.HTTPException:
                log.exception("could not delete correction card %s", card_id)
