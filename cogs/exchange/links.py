"""Links to earlier questions, as shown in /ask's reply and in a new question's thread."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.discord_text import inline_text, jump_url
from bot.services.exchange.similar import SimilarQuestion


def similar_lines(guild_id: int, similar: Sequence[SimilarQuestion]) -> list[str]:
    """One line per question; a title is the asker's text, so it shows as written."""
    return [
        f"• [{inline_text(s.title)}]({jump_url(guild_id, s.thread_id)})"
        if s.thread_id
        else f"• {inline_text(s.title)}"
        for s in similar
    ]
