"""Links to earlier questions, as shown in /ask's reply and in a new question's thread."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.discord_text import jump_url
from bot.services.exchange.similar import SimilarQuestion


def similar_lines(guild_id: int, similar: Sequence[SimilarQuestion]) -> list[str]:
    return [
        f"• [{s.title}]({jump_url(guild_id, s.thread_id)})" if s.thread_id else f"• {s.title}"
        for s in similar
    ]
