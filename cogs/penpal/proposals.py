"""Sending proposals (bilingual DMs with persistent buttons) and the scheduled matching run."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.i18n import _, use_locale
from bot.i18n.messages.penpal import Penpal
from bot.services.discord_split import split_message
from bot.services.discord_text import escape_markdown, inline_text
from bot.services.penpal.proposals import ProposalCard
from cogs.penpal.join import LEVEL_LABELS, interest_label
from cogs.penpal.spaces import (
    direct_message,
    display_name,
    guild_by_id,
    notify_back_to_front,
    reader_of,
)
from cogs.penpal.views import proposal_view
from db.enums import Side

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)


def render_card(card: ProposalCard, partner_name: str, locale: str) -> str:
    """One language's version of a proposal."""
    with use_locale(locale):
        interests = ", ".join(interest_label(i) for i in card.partner_interests) or "—"
        lines = [
            f"**{_(Penpal.PROPOSAL_TITLE, partner=inline_text(partner_name))}**",
            _(Penpal.PROPOSAL_LEVEL, level=_(LEVEL_LABELS[card.partner_level])),
            _(Penpal.PROPOSAL_INTERESTS, interests=interests),
            _(
                Penpal.PROPOSAL_LOCAL_TIME,
                time=card.partner_local_time,
                timezone=card.partner_timezone,
            ),
            _(Penpal.PROPOSAL_HOW, deadline=f"{card.expires_at:%Y-%m-%d %H:%M}"),
        ]
    return "\n".join(lines)


def render_intro(card: ProposalCard, locale: str) -> str:
    with use_locale(locale):
        heading = _(Penpal.PROPOSAL_INTRO)
    # The partner wrote the intro: each line shown as written, inside the bot's quote.
    intro = "\n".join(f"> {escape_markdown(line)}" for line in _lines(card.partner_intro))
    if card.partner_intro_translated:
        intro += "\n" + "\n".join(
            f"> *{escape_markdown(line)}*" for line in _lines(card.partner_intro_translated)
        )
    return f"{heading}\n{intro}" if intro else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


async def send_card(bot: YiqiBot, card: ProposalCard) -> bool:
    """DM the proposal in both languages, the recipient's own first, with Accept / Decline."""
    name = await display_name(await guild_by_id(bot, card.guild_id), card.partner_id)
    zh = await reader_of(bot, card.guild_id, card.recipient_id, Side.ZH)
    mine, other = ("en", zh.value) if card.recipient_side is Side.EN else (zh.value, "en")
    parts = [render_card(card, name, mine), render_card(card, name, other)]
    intro = render_intro(card, mine)
    content = "\n\n".join(p for p in (parts[0], intro, parts[1]) if p)
    # A long intro and its translation can pass one message: every part is sent, in order,
    # with the Accept / Decline buttons under the last.
    *leading, last = split_message(content)
    for part in leading:
        if not await direct_message(bot, card.recipient_id, part):
            return False
    return await direct_message(bot, card.recipient_id, last, proposal_view(card.proposal_id))


async def match_guild(bot: YiqiBot, guild_id: int) -> int:
    """Match a guild now and send the proposals; returns how many proposals were made."""
    cards = await bot.services.penpal_proposals.match(guild_id)
    for card in cards:
        await send_card(bot, card)
    return len(cards) // 2


async def scheduled_run(bot: YiqiBot) -> None:
    """The periodic job: close expired proposals and undo pairs a crash left without threads,
    then match every guild with members waiting."""
    services = bot.services
    await notify_back_to_front(bot, await services.penpal_proposals.expire_due())
    await notify_back_to_front(
        bot, await services.penpal_opening.abandon_unopened(), Penpal.NOT_OPENED
    )
    for guild_id in await services.penpal_proposals.guilds_to_match():
        try:
            await match_guild(bot, guild_id)
        except Exception:
            log.exception("pen-pal matching failed in guild %s", guild_id)
