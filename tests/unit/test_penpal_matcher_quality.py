"""PenpalMatcher against an exact solver: total score and validity on random pools."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from bot.services.penpal.matching import Candidate, PenpalMatcher
from db.enums import Side
from tests.support.penpal_candidates import (
    NOW,
    check_valid,
    random_pool,
)

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
