"""What a translation request returns. Never an exception for an expected condition."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.translation.languages import Reader
from db.enums import Side


class TranslationStatus(StrEnum):
    TRANSLATED = "translated"
    UNTOUCHED = "untouched"  # no letters and no CJK: never sent to the model
    SAME_LANGUAGE = "same_language"  # already in the reader's language (script converted)
    UNAVAILABLE = "unavailable"  # no model installed for this direction


@dataclass(frozen=True)
class TranslationResult:
    """The text a reader should see, and how it came to be."""

    text: str
    original: str
    source: Side | None
    target: Reader
    status: TranslationStatus
    low_confidence: bool = False
    model_version: str | None = None
    from_cache: bool = False
    # Served from the translation memory: a member's improvement, not the model's output.
    improved_by: str | None = None

    @property
    def from_memory(self) -> bool:
        return self.improved_by is not None

    @property
    def is_translation(self) -> bool:
        return self.status is TranslationStatus.TRANSLATED

    @property
    def unavailable(self) -> bool:
        return self.status is TranslationStatus.UNAVAILABLE
