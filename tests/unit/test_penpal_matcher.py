"""PenpalMatcher: the score, the fair queue, exclusions, and quality against an exact solver."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence, Set
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

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


# --- the score -------------------------------------------------------------------------------


def test_score_is_the_documented_weighted_sum() -> None:
    matcher = PenpalMatcher(now=NOW)
    en = person(1, Side.EN, interests={"cats", "food", "music"}, level=PenpalLevel.BEGINNER,
                timezone="Europe/London")  # fmt: skip
    zh = person(2, Side.ZH, interests={"cats", "food"}, level=PenpalLevel.FLUENT)
    parts = matcher.breakdown(en, zh)
    assert parts.interests == pytest.approx(2 / math.sqrt(3 * 2))
    # November: London UTC+0, Shanghai UTC+8; 08:00-23:00 windows share 7 of 15 hours.
    assert parts.waking == pytest.approx(7 / 15)
    assert parts.level == 1.0  # the stronger member of the pair is fluent
    assert matcher.score(en, zh) == pytest.approx(0.5 * parts.interests + 0.3 * 7 / 15 + 0.2)


def test_waking_overlap_follows_the_utc_offset_at_now() -> None:
    en = person(1, Side.EN, timezone="Europe/London")
    zh = person(2, Side.ZH, timezone="Asia/Shanghai")
    summer = PenpalMatcher(now=datetime(2026, 7, 1, tzinfo=UTC))  # London on UTC+1
    assert summer.breakdown(en, zh).waking == pytest.approx(8 / 15)
    same_zone = person(3, Side.EN, timezone="Asia/Shanghai")
    assert PenpalMatcher(now=NOW).breakdown(same_zone, zh).waking == 1.0
    # New York and Shanghai are 13 hours apart: 6 shared waking hours, the minimum.
    new_york = person(4, Side.EN, timezone="America/New_York")
    assert PenpalMatcher(now=NOW).breakdown(new_york, zh).waking == pytest.approx(6 / 15)


def test_unknown_timezone_counts_as_utc() -> None:
    matcher = PenpalMatcher(now=NOW)
    assert matcher.utc_offset_minutes("Not/AZone") == 0
    assert matcher.utc_offset_minutes("Asia/Kolkata") == 330


def test_no_shared_interest_and_empty_interests_score_zero_on_interests() -> None:
    matcher = PenpalMatcher(now=NOW)
    zh = person(2, Side.ZH, interests={"cats"})
    assert matcher.breakdown(person(1, Side.EN, interests={"chess"}), zh).interests == 0
    assert matcher.breakdown(person(1, Side.EN, interests=()), zh).interests == 0


def test_a_beginner_is_paired_with_a_fluent_partner_rather_than_another_beginner() -> None:
    matcher = PenpalMatcher(now=NOW)
    en = [person(1, Side.EN, level=PenpalLevel.BEGINNER),
          person(2, Side.EN, level=PenpalLevel.FLUENT)]  # fmt: skip
    zh = [person(3, Side.ZH, level=PenpalLevel.BEGINNER),
          person(4, Side.ZH, level=PenpalLevel.FLUENT)]  # fmt: skip
    pairs = {(m.en.user_id, m.zh.user_id) for m in matcher.match(en, zh)}
    assert pairs == {(1, 4), (2, 3)}


# --- pools, exclusions, pause ----------------------------------------------------------------


def test_empty_pools_give_no_matches() -> None:
    matcher = PenpalMatcher(now=NOW)
    assert matcher.match([], []) == []
    assert matcher.match([person(1, Side.EN)], []) == []
    assert matcher.match([], [person(2, Side.ZH)]) == []


def test_a_past_pair_is_never_repeated() -> None:
    matcher = PenpalMatcher(now=NOW)
    en = [person(1, Side.EN, interests={"cats", "tea"})]
    zh = [person(2, Side.ZH, interests={"cats", "tea"}), person(3, Side.ZH, interests={"go"})]
    assert [m.zh.user_id for m in matcher.match(en, zh)] == [2]
    assert [m.zh.user_id for m in matcher.match(en, zh, excluded={(1, 2)})] == [3]


@pytest.mark.parametrize("more_english", [False, True], ids=["en-smaller", "zh-smaller"])
def test_a_block_either_way_is_never_proposed(more_english: bool) -> None:
    # The service passes blocks as (en_user_id, zh_user_id) whoever blocked whom.
    matcher = PenpalMatcher(now=NOW)
    en = [person(1, Side.EN), *([person(5, Side.EN)] * more_english)]
    zh = [person(2, Side.ZH), person(3, Side.ZH)][: 2 - more_english]
    blocked = {(1, 2)}
    matches = matcher.match(en, zh, excluded=blocked)
    check_valid(matcher, matches, blocked)
    assert len(matches) == 1


def test_only_the_candidates_passed_in_are_matched() -> None:
    matcher = PenpalMatcher(now=NOW)
    paused = person(2, Side.ZH, interests={"cats", "tea"}, waited_days=90)
    pool = [(person(3, Side.ZH, interests={"go"}), PenpalStatus.ACTIVE),
            (paused, PenpalStatus.PAUSED)]  # fmt: skip
    matches = matcher.match([person(1, Side.EN, interests={"cats", "tea"})], active_only(pool))
    assert [m.zh.user_id for m in matches] == [3]


def test_exclusions_filling_the_window_open_it_further_down_the_queue() -> None:
    matcher = PenpalMatcher(now=NOW)
    en = [person(1, Side.EN)]
    zh = [person(10 + d, Side.ZH, waited_days=d) for d in range(10)]
    # Window: the two who waited longest (19, 18); both blocked, so the next in line wins.
    matches = matcher.match(en, zh, excluded={(1, 19), (1, 18)})
    assert [m.zh.user_id for m in matches] == [17]
    assert matcher.match(en, zh, excluded={(1, 10 + d) for d in range(10)}) == []


def test_the_smaller_side_is_matched_as_fully_as_possible() -> None:
    matcher = PenpalMatcher(now=NOW)
    keen = person(1, Side.EN, interests={"cats", "tea"}, level=PenpalLevel.FLUENT)
    other = person(2, Side.EN, interests={"go"}, level=PenpalLevel.BEGINNER)
    ideal = person(3, Side.ZH, interests={"cats", "tea"}, level=PenpalLevel.FLUENT)
    plain = person(4, Side.ZH, interests={"chess"}, level=PenpalLevel.BEGINNER)
    # Pairing keen with ideal alone scores more than the two pairs below together, but
    # other may not meet plain: two pairs beat one.
    matches = matcher.match([keen, other], [ideal, plain], excluded={(2, 4)})
    assert {(m.en.user_id, m.zh.user_id) for m in matches} == {(1, 4), (2, 3)}


# --- the fair queue --------------------------------------------------------------------------


@pytest.mark.parametrize("exact_limit", [4_000_000, 0], ids=["exact", "shortlist"])
def test_imbalance_1_to_3_matches_every_english_member_from_the_oldest(exact_limit: int) -> None:
    rng = random.Random(7)
    matcher = PenpalMatcher(now=NOW, exact_limit=exact_limit, shortlist=3)
    en = random_pool(rng, Side.EN, 20, 0)
    zh = [replace_wait(c, days=100 - i) for i, c in enumerate(random_pool(rng, Side.ZH, 60, 100))]
    matches = matcher.match(en, zh)
    check_valid(matcher, matches)
    assert {m.en.user_id for m in matches} == {c.user_id for c in en}
    oldest = {c.user_id for c in zh[:40]}  # the window: 2 × 20 who waited longest
    assert {m.zh.user_id for m in matches} <= oldest
    assert [m.zh.waiting_since for m in matches] == sorted(m.zh.waiting_since for m in matches)


def replace_wait(candidate: Candidate, *, days: float) -> Candidate:
    return person(candidate.user_id, candidate.side, interests=candidate.interests,
                  level=candidate.level, timezone=candidate.timezone, waited_days=days)  # fmt: skip


def test_among_identical_partners_the_longest_waiting_goes_first() -> None:
    matcher = PenpalMatcher(now=NOW)
    zh = [person(2, Side.ZH, waited_days=3), person(3, Side.ZH, waited_days=9),
          person(4, Side.ZH, waited_days=5)]  # fmt: skip
    assert [m.zh.user_id for m in matcher.match([person(1, Side.EN)], zh)] == [3]
    en = [person(5, Side.EN, waited_days=2), person(6, Side.EN, waited_days=4)]
    assert [m.en.user_id for m in matcher.match(en, [person(7, Side.ZH)])] == [6]


@pytest.mark.parametrize("exact_limit", [4_000_000, 0], ids=["exact", "shortlist"])
@pytest.mark.parametrize("seed", range(4))
def test_no_one_is_passed_over_for_an_equally_scored_newer_member(
    seed: int, exact_limit: int
) -> None:
    rng = random.Random(seed)
    matcher = PenpalMatcher(now=NOW, exact_limit=exact_limit, shortlist=4)
    en = random_pool(rng, Side.EN, 30, 0)
    zh = random_pool(rng, Side.ZH, 90, 100)
    matches = matcher.match(en, zh)
    check_valid(matcher, matches)
    matched = {m.zh.user_id for m in matches}
    for m in matches:
        for waiting in zh:
            if waiting.user_id not in matched and waiting.waiting_since < m.zh.waiting_since:
                assert matcher.score(m.en, waiting) != matcher.score(m.en, m.zh)


# --- quality against an exact solver ---------------------------------------------------------


def exact_optimum(
    matcher: PenpalMatcher,
    english: list[Candidate],
    chinese: list[Candidate],
    excluded: set[tuple[int, int]],
) -> tuple[float, float, int]:
    """Best total (score, objective, pairs) over the same window, by the Hungarian method."""
    rows, cols = (english, chinese) if len(english) <= len(chinese) else (chinese, english)
    window = sorted(cols, key=lambda c: c.waiting_since)[: math.ceil(2 * len(rows))]
    objective = np.full((len(rows), len(window)), -1e6)
    for i, row in enumerate(rows):
        for j, col in enumerate(window):
            en, zh = (row, col) if row.side is Side.EN else (col, row)
            if (en.user_id, zh.user_id) not in excluded:
                objective[i, j] = matcher.objective(en, zh)
    found_rows, found_cols = linear_sum_assignment(objective, maximize=True)
    assert objective[found_rows, found_cols].min() > 0  # instances are built to allow it
    pairs = [(rows[i], window[j]) for i, j in zip(found_rows, found_cols, strict=True)]
    scores = [matcher.score(*(p if p[0].side is Side.EN else p[::-1])) for p in pairs]
    return sum(scores), float(objective[found_rows, found_cols].sum()), len(pairs)


@pytest.mark.parametrize(
    ("en_size", "zh_size", "exclusions"),
    [(60, 60, 0), (50, 150, 0), (50, 150, 200), (120, 40, 150), (150, 450, 300)],
    ids=["1:1", "1:3", "1:3-excluded", "3:1-excluded", "150x450-excluded"],
)
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_total_score_is_within_5_percent_of_the_exact_optimum(
    seed: int, en_size: int, zh_size: int, exclusions: int
) -> None:
    rng = random.Random(seed)
    en = random_pool(rng, Side.EN, en_size, 0)
    zh = random_pool(rng, Side.ZH, zh_size, 10_000)
    excluded = {(rng.choice(en).user_id, rng.choice(zh).user_id) for _ in range(exclusions)}
    reference = PenpalMatcher(now=NOW)
    best_score, best_objective, best_pairs = exact_optimum(reference, en, zh, excluded)
    # Shortlist path (as for large pools) with a tight shortlist, then the exact path.
    for matcher in (PenpalMatcher(now=NOW, exact_limit=0, shortlist=4), reference):
        matches = matcher.match(en, zh, excluded=excluded)
        check_valid(matcher, matches, excluded)
        assert len(matches) == best_pairs
        assert sum(m.score for m in matches) >= 0.95 * best_score
        objective = sum(matcher.objective(m.en, m.zh) for m in matches)
        assert objective >= 0.95 * best_objective
    # Small pools are solved exactly.
    assert objective == pytest.approx(best_objective, rel=1e-9)


@pytest.mark.parametrize("exact_limit", [4_000_000, 0], ids=["exact", "shortlist"])
@pytest.mark.parametrize("seed", range(20))
def test_random_pools_with_heavy_exclusions_give_valid_matches(seed: int, exact_limit: int) -> None:
    rng = random.Random(seed)
    en = random_pool(rng, Side.EN, rng.randint(1, 12), 0)
    zh = random_pool(rng, Side.ZH, rng.randint(1, 12), 100)
    excluded = {(a.user_id, b.user_id) for a in en for b in zh if rng.random() < 0.6}
    matcher = PenpalMatcher(now=NOW, exact_limit=exact_limit, shortlist=rng.choice([1, 2, 8]))
    matches = matcher.match(en, zh, excluded=excluded)
    check_valid(matcher, matches, excluded)
    # As many pairs as the exclusions allow (brute force over the smaller side's choices).
    small, large = (en, zh) if len(en) <= len(zh) else (zh, en)
    allowed = {
        (s.user_id, g.user_id)
        for s in small
        for g in large
        if ((s.user_id, g.user_id) if s.side is Side.EN else (g.user_id, s.user_id)) not in excluded
    }
    assert len(matches) == max_pairs([s.user_id for s in small], allowed)


def max_pairs(small: list[int], allowed: set[tuple[int, int]]) -> int:
    """Maximum matching size by augmenting paths (Kuhn's algorithm)."""
    partner: dict[int, int] = {}

    def augment(row: int, seen: set[int]) -> bool:
        for a, b in allowed:
            if a == row and b not in seen:
                seen.add(b)
                if b not in partner or augment(partner[b], seen):
                    partner[b] = row
                    return True
        return False

    return sum(augment(row, set()) for row in small)
