"""Pen-pal candidates for matcher tests: one person, random pools, and the validity check."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence, Set
from datetime import UTC, datetime, timedelta

from bot.services.penpal.matching import Candidate, Match, PenpalMatcher
from db.enums import PenpalLevel, PenpalStatus, Side

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
TAGS = [f"tag{i}" for i in range(12)]
EN_ZONES = ["America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Sydney"]
ZH_ZONES = ["Asia/Shanghai", "Asia/Taipei", "Europe/Berlin", "America/Vancouver"]


def person(
    user_id: int,
    side: Side,
    *,
    interests: Iterable[str] = ("cats",),
    level: PenpalLevel = PenpalLevel.INTERMEDIATE,
    timezone: str = "Asia/Shanghai",
    waited_days: float = 1,
) -> Candidate:
    return Candidate(
        profile_id=user_id + 1_000,
        user_id=user_id,
        side=side,
        level=level,
        interests=frozenset(interests),
        timezone=timezone,
        waiting_since=NOW - timedelta(days=waited_days),
    )


def random_pool(rng: random.Random, side: Side, size: int, first_id: int) -> list[Candidate]:
    zones = EN_ZONES if side is Side.EN else ZH_ZONES
    return [
        person(
            first_id + i,
            side,
            interests=rng.sample(TAGS, rng.randint(0, 4)),
            level=rng.choice(list(PenpalLevel)),
            timezone=rng.choice(zones),
            waited_days=rng.randint(0, 60),
        )
        for i in range(size)
    ]


def active_only(pool: Sequence[tuple[Candidate, PenpalStatus]]) -> list[Candidate]:
    """What the pen-pal service does before matching: only active members reach the matcher."""
    return [candidate for candidate, status in pool if status is PenpalStatus.ACTIVE]


def check_valid(
    matcher: PenpalMatcher, matches: list[Match], excluded: Set[tuple[int, int]] = frozenset()
) -> None:
    """Each candidate at most once, no excluded pair, and every score is ``matcher.score``."""
    assert len({m.en.user_id for m in matches}) == len(matches)
    assert len({m.zh.user_id for m in matches}) == len(matches)
    assert not {(m.en.user_id, m.zh.user_id) for m in matches} & excluded
    for m in matches:
        assert m.en.side is Side.EN and m.zh.side is Side.ZH
        assert m.score == matcher.score(m.en, m.zh)
