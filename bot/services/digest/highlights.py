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
class CorrectionHighlight:
    """A correction its learner thanked: what they wrote and what a member suggested."""

    language: Side  # of both texts
    learner_id: int
    corrector_id: int
    original: str
    corrected: str
    note: str | None
    helpful_count: int
    card_url: str | None


@dataclass(frozen=True)
class ImprovementHighlight:
    """A machine translation a member improved (and nobody reverted)."""

    source_side: Side
    source: str
    machine: str
    human: str
    editor_id: int


@dataclass(frozen=True)
class LearningHighlights:
    """The week's "learning this week": the first of each ranking and how many in all."""

    corrections: list[CorrectionHighlight] = field(default_factory=list)
    corrections_total: int = 0
    improvements: list[ImprovementHighlight] = field(default_factory=list)
    improvements_total: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.corrections and not self.improvements


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
    learning: LearningHighlights = field(default_factory=LearningHighlights)

    @property
    def is_empty(self) -> bool:
        """Nothing happened: no question, no new pair, no newcomer, nothing learnt."""
        return (
            self.question_of_the_week is None
            and not self.top_exchanges
            and not self.new_pairs
            and not self.newcomers
            and self.learning.is_empty
        )
