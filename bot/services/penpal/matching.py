"""Pen-pal matching (SPEC §4): English-side × Chinese-side candidates → proposed pairs.

Discord-free and database-free: the pen-pal service loads the candidates (only *active*,
unpaired members: paused members and members who left never reach the matcher, because the
service filters by status; the matcher pairs exactly the candidates it is given) and the pairs
that may never happen (past pairs, blocks either way), and calls ``OffLoopMatcher.match``,
which runs ``PenpalMatcher.match`` away from the event loop. The score is in ``scoring``, the
solver in ``assignment``.

Fair queue (``PenpalMatcher.match``):

1. The smaller side is matched as fully as possible: the number of pairs is maximised first
   (a pair is only missing when exclusions make it impossible), then the total objective.
2. On the larger side, only the oldest ``queue_factor × (size of the smaller side)`` members
   (longest waiting first, default 2×) are eligible in a round; the rest keep waiting. If some
   of the smaller side stay unmatched, later rounds open the window further down the queue.
3. Objective = score + waiting bonus of both members (``scoring``): among equally scored
   partners the one who waited longer wins, and a hard-to-match member is not passed over
   forever. ``Match.score`` is the plain score, without the bonus.

A round with up to ``exact_limit`` cost cells (default 4,000,000: about 1,150 × 2,300) is
solved exactly; larger rounds take the shortlist path. Measured: 10,000 × 30,000 in a few
seconds, over 99% of the exact optimum where the exact solver can run (BENCHMARKS.md).
"""

from __future__ import annotations

import asyncio
import math
import pickle
from collections.abc import Collection, Iterable, Sequence
from concurrent.futures import Executor
from datetime import datetime
from typing import Any

from bot.services.penpal.assignment import Pairs, ShortlistSolver, solve_exact
from bot.services.penpal.scoring import (
    Candidate,
    Match,
    PairScorer,
    ScoreBreakdown,
    ScoreTable,
    aware,
    waking_overlap,
)

__all__ = [
    "Candidate",
    "Match",
    "OffLoopMatcher",
    "PenpalMatcher",
    "ScoreBreakdown",
    "match_positions",
    "waking_overlap",
]

# Pools at least this large (English × Chinese members) go to the worker process, when there
# is one: scipy's sparse solver holds the GIL for seconds there, which a thread cannot hide.
PROCESS_FROM_PAIRS = 2_000_000
_PACK_SLICE = 1_000


class PenpalMatcher(PairScorer):
    """Pairs the two pools at one moment ``now``; see the module docstring for the rules."""

    def __init__(
        self,
        *,
        now: datetime,
        queue_factor: float = 2.0,
        shortlist: int = 32,
        exact_limit: int = 4_000_000,
    ) -> None:
        super().__init__(now=now)
        self.queue_factor = queue_factor
        self.shortlist = shortlist
        self.exact_limit = exact_limit

    def match(
        self,
        english: Sequence[Candidate],
        chinese: Sequence[Candidate],
        *,
        excluded: Collection[tuple[int, int]] = (),
    ) -> list[Match]:
        """Pairs with no excluded ``(en_user_id, zh_user_id)``; each candidate at most once.

        Follows the fair-queue rules of the module docstring. Returns the pairs in queue
        order of their larger-side member (longest waiting first).
        """
        en_rows = len(english) <= len(chinese)
        rows = list(english if en_rows else chinese)
        queue = sorted(chinese if en_rows else english, key=lambda c: aware(c.waiting_since))
        banned: dict[int, set[int]] = {}
        for en_id, zh_id in excluded:
            row_id, col_id = (en_id, zh_id) if en_rows else (zh_id, en_id)
            banned.setdefault(row_id, set()).add(col_id)
        pairs: list[tuple[Candidate, Candidate]] = []
        open_all = False
        while rows and queue:
            window = len(queue) if open_all else math.ceil(len(rows) * self.queue_factor)
            cols = queue[:window]
            found = self._assign(rows, cols, banned)
            if not found:
                if window >= len(queue):
                    break
                open_all = True  # exclusions block the window: look further down the queue
                continue
            pairs.extend((rows[i], cols[j]) for i, j in found)
            taken_rows, taken_cols = {i for i, _ in found}, {id(cols[j]) for _, j in found}
            rows = [row for i, row in enumerate(rows) if i not in taken_rows]
            queue = [col for col in queue if id(col) not in taken_cols]
        pairs.sort(key=lambda pair: aware(pair[1].waiting_since))
        matches = []
        for row, col in pairs:
            en, zh = (row, col) if en_rows else (col, row)
            matches.append(Match(en, zh, self.score(en, zh)))
        return matches

    def _assign(
        self, rows: list[Candidate], cols: list[Candidate], banned: dict[int, set[int]]
    ) -> Pairs:
        """One round: a cardinality-first, maximum-objective assignment of rows to cols."""
        table = ScoreTable(self, rows, cols, banned)
        if len(rows) * (len(cols) + len(rows)) <= self.exact_limit:
            return solve_exact(table)
        return ShortlistSolver(table, self.shortlist).solve()


def match_positions(
    now: datetime, english: list[bytes], chinese: list[bytes], excluded: list[bytes]
) -> list[tuple[int, int, float]]:
    """``PenpalMatcher.match`` on packed candidates (``_pack``), in the worker process.

    Returns (English index, Chinese index, score): small to send back.
    """
    en, zh = _unpack(english), _unpack(chinese)
    en_at = {id(c): i for i, c in enumerate(en)}
    zh_at = {id(c): i for i, c in enumerate(zh)}
    found = PenpalMatcher(now=now).match(en, zh, excluded=_unpack(excluded))
    return [(en_at[id(m.en)], zh_at[id(m.zh)], m.score) for m in found]


def _pack(items: Iterable[object]) -> list[bytes]:
    """Pickled in slices, in a thread: the GIL passes to the event loop between slices.

    Pickling 40,000 candidates at once is one long C call that holds the GIL (several
    hundred ms on a busy host); the executor would do it that way.
    """
    listed = list(items)
    return [
        pickle.dumps(listed[at : at + _PACK_SLICE], protocol=pickle.HIGHEST_PROTOCOL)
        for at in range(0, len(listed), _PACK_SLICE)
    ]


def _unpack(slices: list[bytes]) -> list[Any]:
    """The items ``_pack`` pickled (only ever bytes this module made)."""
    return [item for piece in slices for item in pickle.loads(piece)]  # noqa: S301


class OffLoopMatcher:
    """Runs ``PenpalMatcher.match`` away from the event loop, so the gateway keeps its beat.

    Small pools run in a thread. Large ones (``process_from_pairs`` English × Chinese members
    and up) run in ``processes`` when given: a spawned worker process that the composition
    root builds and shuts down.
    """

    def __init__(
        self, processes: Executor | None = None, *, process_from_pairs: int = PROCESS_FROM_PAIRS
    ) -> None:
        self._processes = processes
        self._process_from_pairs = process_from_pairs

    async def match(
        self,
        english: Sequence[Candidate],
        chinese: Sequence[Candidate],
        *,
        now: datetime,
        excluded: Collection[tuple[int, int]] = (),
    ) -> list[Match]:
        """``PenpalMatcher(now=now).match(...)``, awaited without blocking the loop."""
        if self._processes is None or len(english) * len(chinese) < self._process_from_pairs:
            matcher = PenpalMatcher(now=now)
            return await asyncio.to_thread(matcher.match, english, chinese, excluded=excluded)
        en, zh, banned = await asyncio.to_thread(
            lambda: (_pack(english), _pack(chinese), _pack(excluded))
        )
        found = await asyncio.get_running_loop().run_in_executor(
            self._processes, match_positions, now, en, zh, banned
        )
        return [Match(english[i], chinese[j], score) for i, j, score in found]
