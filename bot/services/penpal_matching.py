"""Pen-pal matching (SPEC §4): English-side × Chinese-side candidates → proposed pairs.

Discord-free and database-free: the pen-pal service loads candidates and the pairs that may
never happen (past pairs, blocks either way), and calls ``PenpalMatcher.match``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from db.enums import PenpalLevel, Side


@dataclass(frozen=True)
class Candidate:
    """An active, unpaired member waiting in the pool."""

    profile_id: int
    user_id: int
    side: Side
    level: PenpalLevel
    interests: frozenset[str]
    timezone: str  # IANA name
    waiting_since: datetime


@dataclass(frozen=True)
class Match:
    en: Candidate
    zh: Candidate
    score: float


class PenpalMatcher:
    """Pairs the two pools; see ``match`` for the rules."""

    def __init__(self, *, now: datetime) -> None:
        self._now = now

    def score(self, en: Candidate, zh: Candidate) -> float:
        """How good a pair is; higher is better."""
        return float(len(en.interests & zh.interests))

    def match(
        self,
        english: Sequence[Candidate],
        chinese: Sequence[Candidate],
        *,
        excluded: Collection[tuple[int, int]] = (),
    ) -> list[Match]:
        """Pairs with no excluded ``(en_user_id, zh_user_id)``; each candidate at most once."""
        taken: set[int] = set()
        matches: list[Match] = []
        for en in sorted(english, key=lambda c: c.waiting_since):
            options = [
                zh
                for zh in chinese
                if zh.user_id not in taken and (en.user_id, zh.user_id) not in excluded
            ]
            if not options:
                continue
            best = max(options, key=lambda zh: (self.score(en, zh), -zh.waiting_since.timestamp()))
            taken.add(best.user_id)
            matches.append(Match(en, best, self.score(en, best)))
        return matches
