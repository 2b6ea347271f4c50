"""The "Improve translation" message menu: consent first, then a modal with the machine
translation prefilled; the mirror is edited through the relay's outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.command_tree import send_ephemeral
from bot.adapters.cooldowns import cooldown_check
from bot.i18n import CONTEXT_MENU, _, current_locale, use_locale
from bot.i18n.messages.memory import Improve
from bot.services.memory.service import MODAL_TEXT_LIMIT, Improved, Mirror, Refusal

if TYPE_CHECKING:
    from bot.app import YiqiBot

CONSENT_TIMEOUT = 300

_REFUSALS = {
    Refusal.NOT_A_MIRROR: Improve.NOT_A_MIRROR,
    Refusal.NOTHING_TO_IMPROVE: Improve.NOTHING_TO_IMPROVE,
    Refusal.UNCHANGED: Improve.UNCHANGED,
    Refusal.NO_CONSENT: Improve.NO_CONSENT,
}


def refusal_text(refusal: Refusal) -> str:
    if refusal is Refusal.TOO_LONG:
        return _(Improve.TOO_LONG, limit=MODAL_TEXT_LIMIT)
    return _(_REFUSALS[refusal])


class ImproveModal(discord.ui.Modal):
    """The mirror's translation, to be made better; answered in the opener's language."""

    def __init__(self, bot: YiqiBot, mirror: Mirror) -> None:
        # Modal submits do not pass the tree's interaction_check: keep the menu's language.
        self.locale = current_locale()
        super().__init__(title=_(Improve.MODAL_TITLE))
        self.bot, self.mirror = bot, mirror
        self.text: discord.ui.TextInput[ImproveModal] = discord.ui.TextInput(
            label=_(Improve.FIELD_LABEL),
            style=discord.TextStyle.paragraph,
            default=mirror.shown_text,
            max_length=MODAL_TEXT_LIMIT,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction[YiqiBot]) -> None:  # type: ignore[override]
        services = self.bot.services
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await services.memory.improve(
            self.mirror.relay_id,
            interaction.user.id,
            interaction.user.display_name,
            self.text.value,
        )
        if isinstance(outcome, Improved):
            # The relay's own edit path: an edit that fails now is retried by its sweep.
            await services.relay.refresh_mirrors(services.mirror_sink, outcome.relay_ids)
        with use_locale(self.locale):
            text = _(Improve.DONE) if isinstance(outcome, Improved) else refusal_text(outcome)
        await interaction.followup.send(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


class ConsentView(discord.ui.View):
    """I agree / No thanks, for the member who asked only."""

    def __init__(self, bot: YiqiBot, mirror: Mirror, user_id: int) -> None:
        super().__init__(timeout=CONSENT_TIMEOUT)
        self.bot, self.mirror, self.user_id = bot, mirror, user_id
        self.locale = current_locale()
        self.agree.label = _(Improve.AGREE)
        self.decline.label = _(Improve.NO_THANKS)

    async def interaction_check(self, interaction: discord.Interaction[YiqiBot]) -> bool:  # type: ignore[override]
        return interaction.user.id == self.user_id

    @discord.ui.button(style=discord.ButtonStyle.primary)
    async def agree(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[ConsentView]
    ) -> None:
        self.stop()
        await self.bot.services.memory.consent(self.mirror.guild_id, self.user_id)
        with use_locale(self.locale):
            modal = ImproveModal(self.bot, self.mirror)
        await interaction.response.send_modal(modal)  # a button may answer with a modal

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    async def decline(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[ConsentView]
    ) -> None:
        self.stop()
        with use_locale(self.locale):
            text = _(Improve.DECLINED)
        await interaction.response.edit_message(content=text, view=None)


class ImproveMenu(commands.Cog):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(
            name=locale_str(Improve.MENU, msgctxt=CONTEXT_MENU),
            callback=self.improve_translation,
        )
        self.menu.guild_only = True
        self.menu.add_check(cooldown_check(lambda limits: limits.improve))
        bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def improve_translation(
        self, interaction: discord.Interaction[YiqiBot], message: discord.Message
    ) -> None:
        assert interaction.guild_id is not None
        memory = self.bot.services.memory
        found = await memory.mirror(message.id)
        if isinstance(found, Refusal):
            await send_ephemeral(interaction, refusal_text(found))
            return
        if await memory.has_consent(interaction.guild_id, interaction.user.id):
            await interaction.response.send_modal(ImproveModal(self.bot, found))
            return
        await interaction.response.send_message(
            _(Improve.CONSENT),
            view=ConsentView(self.bot, found, interaction.user.id),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )
