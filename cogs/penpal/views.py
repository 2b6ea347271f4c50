"""Accept / Decline on a proposal: persistent buttons (they work after a bot restart).

The custom id carries the proposal id; ``bot.add_dynamic_items`` routes any click on such a
button to ``AnswerButton``, whichever process sent the message.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.command_tree import activate_reader_locale
from bot.i18n import _
from bot.i18n.messages.penpal import Penpal
from bot.services.penpal.proposals import AnswerKind
from cogs.penpal.spaces import both_languages, notify_back_to_front, open_conversation

if TYPE_CHECKING:
    from bot.app import YiqiBot

_REPLIES = {
    AnswerKind.NOT_YOURS: Penpal.NOT_YOURS,
    AnswerKind.CLOSED: Penpal.CLOSED,
    AnswerKind.WAITING: Penpal.WAITING_FOR_PARTNER,
    AnswerKind.DECLINED: Penpal.DECLINED,
}


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"penpal:(?P<answer>accept|decline):(?P<proposal>[0-9]+)",
):
    def __init__(self, proposal_id: int, accept: bool) -> None:
        super().__init__(
            discord.ui.Button(
                label=both_languages(Penpal.ACCEPT if accept else Penpal.DECLINE, separator=" · "),
                style=discord.ButtonStyle.success if accept else discord.ButtonStyle.secondary,
                custom_id=f"penpal:{'accept' if accept else 'decline'}:{proposal_id}",
            )
        )
        self.proposal_id, self.accept = proposal_id, accept

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnswerButton:
        return cls(int(match["proposal"]), match["answer"] == "accept")

    async def callback(self, interaction: discord.Interaction[YiqiBot]) -> None:  # type: ignore[override]
        bot = interaction.client
        reader = await bot.services.members.reader_for(
            None, interaction.user.id, str(interaction.locale)
        )
        activate_reader_locale(reader)  # clicks skip the tree's interaction_check
        answer = await bot.services.penpal_proposals.answer(
            self.proposal_id, interaction.user.id, accept=self.accept
        )
        if answer.kind is AnswerKind.NOT_YOURS:
            await interaction.response.send_message(_(Penpal.NOT_YOURS), ephemeral=True)
            return
        # Answered: the buttons go; the reply says what happens next.
        await interaction.response.edit_message(view=None)
        if answer.kind in _REPLIES:
            await interaction.followup.send(_(_REPLIES[answer.kind]))
        await notify_back_to_front(bot, answer.back_to_front)
        if answer.pair is not None:
            await open_conversation(bot, answer.pair)


def proposal_view(proposal_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(AnswerButton(proposal_id, accept=True))
    view.add_item(AnswerButton(proposal_id, accept=False))
    return view
