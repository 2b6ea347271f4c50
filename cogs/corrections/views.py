"""The correction modal and the card's persistent Thanks button."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from bot.i18n import _
from bot.i18n.messages.corrections import Corrections
from bot.services.corrections.service import NOTE_LIMIT
from bot.services.discord_text import clip

if TYPE_CHECKING:
    from bot.app import YiqiBot

# Stable across restarts: the bot registers a view with this id at start (``add_view``).
THANKS_ID = "yiqi:correction:thanks"
# Discord's limits for a modal: its title and a text input's label, placeholder and value.
MODAL_TITLE_LIMIT = 45
LABEL_LIMIT = 45
PLACEHOLDER_LIMIT = 100
TEXT_LIMIT = 4000

Submitted = Callable[[discord.Interaction["YiqiBot"], str, str], Awaitable[None]]
Pressed = Callable[[discord.Interaction["YiqiBot"]], Awaitable[None]]


class CorrectionModal(discord.ui.Modal):
    """The message's text prefilled, to edit, and an optional note (labels in the viewer's
    language, set per interaction)."""

    def __init__(self, text: str, submitted: Submitted) -> None:
        super().__init__(title=clip(_(Corrections.MODAL_TITLE), MODAL_TITLE_LIMIT), timeout=900)
        self._submitted = submitted
        self.corrected: discord.ui.TextInput[CorrectionModal] = discord.ui.TextInput(
            label=clip(_(Corrections.TEXT_LABEL), LABEL_LIMIT),
            custom_id="corrected",
            style=discord.TextStyle.paragraph,
            default=clip(text, TEXT_LIMIT),
            max_length=TEXT_LIMIT,
        )
        self.note: discord.ui.TextInput[CorrectionModal] = discord.ui.TextInput(
            label=clip(_(Corrections.NOTE_LABEL), LABEL_LIMIT),
            custom_id="note",
            style=discord.TextStyle.paragraph,
            placeholder=clip(_(Corrections.NOTE_PLACEHOLDER), PLACEHOLDER_LIMIT),
            required=False,
            max_length=NOTE_LIMIT,
        )
        self.add_item(self.corrected)
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction[YiqiBot]) -> None:  # type: ignore[override]
        await self._submitted(interaction, self.corrected.value, self.note.value)


class ThanksView(discord.ui.View):
    """Persistent (no timeout, fixed custom_id): a card's button works after a restart."""

    def __init__(self, pressed: Pressed, label: str = "Thanks") -> None:
        super().__init__(timeout=None)
        self._pressed = pressed
        button: discord.ui.Button[ThanksView] = discord.ui.Button(
            label=label, emoji="💛", style=discord.ButtonStyle.secondary, custom_id=THANKS_ID
        )
        button.callback = self._on_press  # type: ignore[method-assign,assignment]
        self.add_item(button)

    async def _on_press(self, interaction: discord.Interaction[YiqiBot]) -> None:
        await self._pressed(interaction)
