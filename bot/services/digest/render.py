"""The digest as text blocks: every highlight in English and Chinese, with jump links.

A block is one highlight (or a section's list) and is never split unless it alone is longer
than a message; ``bot.services.digest.split`` packs blocks into Discord-sized messages.
"""

from __future__ import annotations

from datetime import timedelta

from bot.i18n.messages.digest_text import DigestText
from bot.services.digest.highlights import WeeklyHighlights
from bot.services.digest.render_learning import learning_blocks
from bot.services.digest.view import DigestView, excerpt

__all__ = ["DigestRenderer", "excerpt"]

MAX_PAIRS = 10
MAX_NEWCOMERS = 25


class DigestRenderer:
    """Turns ``WeeklyHighlights`` into bilingual Markdown blocks (Discord's flavour)."""

    def __init__(self, traditional_config: str = "s2twp") -> None:
        self._traditional_config = traditional_config

    def blocks(self, highlights: WeeklyHighlights, *, mentions: bool = True) -> list[str]:
        """The digest's blocks in reading order; ``mentions=False`` writes user ids instead."""
        view = DigestView(highlights.prefer_traditional, self._traditional_config, mentions)
        first = highlights.week.monday()
        last = first + timedelta(days=6)
        title = view.both(DigestText.TITLE, week=str(highlights.week), first=first, last=last)
        blocks = [f"## 📰 {title}"]
        if highlights.question_of_the_week is not None:
            heading = f"### ⭐ {view.both(DigestText.QUESTION_OF_THE_WEEK)}"
            blocks.append(f"{heading}\n{view.exchange(highlights.question_of_the_week)}")
        for number, exchange in enumerate(highlights.top_exchanges, start=1):
            # On its own line: a quote ("> ") only renders at the start of a line.
            block = f"**{number}.**\n{view.exchange(exchange)}"
            if number == 1:
                block = f"### 🔥 {view.both(DigestText.TOP_EXCHANGES)}\n{block}"
            blocks.append(block)
        if highlights.new_pairs:
            shown = highlights.new_pairs[:MAX_PAIRS]
            pairs = [f"🤝 {view.user(en)} ↔ {view.user(zh)}" for en, zh in shown]
            pairs += view.more(DigestText.MORE_PAIRS, len(highlights.new_pairs) - len(shown))
            blocks.append("\n".join([f"### ✉️ {view.both(DigestText.NEW_PAIRS)}", *pairs]))
        if highlights.newcomers:
            shown_users = highlights.newcomers[:MAX_NEWCOMERS]
            names = [" ".join(view.user(user) for user in shown_users)]
            names += view.more(
                DigestText.MORE_NEWCOMERS, len(highlights.newcomers) - len(shown_users)
            )
            blocks.append("\n".join([f"### 🐱 {view.both(DigestText.NEWCOMERS)}", *names]))
        blocks += learning_blocks(view, highlights.learning)
        if highlights.stats:
            lines = [view.side_numbers(stats) for stats in highlights.stats]
            blocks.append("\n".join([f"### 📊 {view.both(DigestText.NUMBERS)}", *lines]))
        return blocks
