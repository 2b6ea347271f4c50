"""How a correction card reads for one side: the diff, the corrected text, the note in the
reader's language, and the corrector named without a ping.

Plain values in, a string out: the same renderer serves the card where the correction was
asked and its mirror on the other side of a bridge or a pen-pal conversation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.i18n import _, use_locale
from bot.i18n.messages.corrections import Corrections
from bot.services.corrections.diff import render_diff, word_diff
from bot.services.discord_text import (
    MESSAGE_LIMIT,
    discord_length,
    escape_markdown,
    fit,
    inline_text,
)
from bot.translation.languages import Reader

# The diff always gets at least this much of the message.
MIN_DIFF_BUDGET = 300


@dataclass(frozen=True)
class CardContent:
    """What a card shows, for one reader (the note already in their language)."""

    original: str
    corrected: str
    corrector_name: str
    reader: Reader
    note: str | None = None
    # The note translated for this reader (None: written in their language, or no note).
    note_translated: str | None = None
    helpful: bool = False


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def _subtext(text: str) -> str:
    return "\n".join(f"-# {line}" for line in text.split("\n") if line.strip())


def render_card(card: CardContent, limit: int = MESSAGE_LIMIT) -> str:
    """The card within ``limit``: the diff is shortened first (to its changes and a few
    words around them), then the corrected text."""
    with use_locale(card.reader.value):
        heading = (
            f"✏️ {_(Corrections.CARD_HEADING, corrector=f'**{inline_text(card.corrector_name)}**')}"
        )
        tail: list[str] = []
        if card.note and card.note_translated:
            tail.append(f"💬 {escape_markdown(card.note_translated)}")
            original = escape_markdown(card.note)
            tail.append(_subtext(_(Corrections.CARD_NOTE_ORIGINAL, note=original)))
        elif card.note:
            tail.append(f"💬 {escape_markdown(card.note)}")
        if card.helpful:
            tail.append(_subtext(f"💛 {_(Corrections.CARD_HELPFUL)}"))
        corrected_label = f"**{_(Corrections.CARD_CORRECTED)}**"
    tail_text = "\n".join(tail)
    fixed = discord_length(heading) + discord_length(tail_text) + discord_length(corrected_label)
    room = limit - fixed - 6  # line breaks between the blocks
    corrected = escape_markdown(card.corrected)
    corrected = fit(corrected, max(room - MIN_DIFF_BUDGET, room // 2))
    diff_room = room - discord_length(corrected)
    segments = word_diff(card.original, card.corrected)
    diff = _quoted(render_diff(segments, diff_room))
    while discord_length(diff) > diff_room > 0:  # the "> " of each line
        diff_room -= discord_length(diff) - diff_room
        diff = _quoted(render_diff(segments, max(diff_room - 2, 1)))
    blocks = [heading, diff, f"{corrected_label}\n{corrected}", tail_text]
    return "\n".join(b for b in blocks if b)


async def render_card_off_loop(card: CardContent) -> str:
    """``render_card`` in a worker thread: jieba's first load (about 2 s) and the diff of a
    long message must not stall the gateway."""
    return await asyncio.to_thread(render_card, card)
