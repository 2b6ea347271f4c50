"""What pressing Thanks (or the learner's reaction on a card) comes to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Thanks(StrEnum):
    MARKED = "marked"
    ALREADY = "already"
    NOT_LEARNER = "not_learner"
    UNKNOWN = "unknown"  # not a card (any more): forgotten, or never one


@dataclass(frozen=True)
class ThanksOutcome:
    result: Thanks
    card_message_id: int | None = None
    card_channel_id: int | None = None  # the card's channel or thread
    # The card's new text (it now says it helped), for the cog to edit and the relay to follow.
    card: str | None = None
