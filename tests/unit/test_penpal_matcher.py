"""PenpalMatcher: the score, the fair queue and exclusions (exact-solver quality: *_quality)."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest

from bot.services.penpal.matching import Candidate, PenpalMatcher
from db.enums import PenpalLevel, PenpalStatus, Side
from tests.support.penpal_candidates import (
    NOW,
    active_only,
    check_valid,
    person,
    random_pool,
)

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
