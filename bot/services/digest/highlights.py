"""What a week's digest shows, as plain values: the planner fills them, the renderer reads them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.services.digest.weeks import IsoWeek
from db.enums import Side


@dataclass(frozen=True)
class Quote:
    """A message in both languages: what its author wrote and the translation the relay stored."""

    side: Side  # the language the author wrote in
    author_name: str
    original: str
    translation: str | None  # None: the relay stored no translation
    origin_url: str | None  # the message on its author's side
    mirror_url: str | None  # its translated mirror on the other side


@dataclass(frozen=True)
class Engagement:
    en_messages: int
    zh_messages: int
    participants: int
    reactions: int
    score: int


@dataclass(frozen=True)
class ExchangeHighlight:
    """A question asked this week, with its numbers and its best answer from the other side."""

    question_id: int
    question: Quote
    engagement: Engagement
    best_answer: Quote | None = None


@dataclass(frozen=True)
class SideStats:
    side: Side
    asked: int
    answered: int
    median_answer_seconds: float | None


@dataclass(frozen=True)
class WeeklyHighlights:
    """Everything selected for one guild's digest of one ISO week."""

    guild_id: int
    week: IsoWeek
    timezone: str
    prefer_traditional: bool
    question_of_the_week: ExchangeHighlight | None
    top_exchanges: list[ExchangeHighlight] = field(default_factory=list)
    new_pairs: list[tuple[int, int]] = field(default_factory=list)  # (English, Chinese) user ids
    newcomers: list[int] = field(default_factory=list)
    stats: list[SideStats] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing happened: no question, no new pair, no newcomer."""
        return (
            self.question_of_the_week is None
            and not self.top_exchanges
            and not self.new_pairs
            and not self.newcomers
        )
