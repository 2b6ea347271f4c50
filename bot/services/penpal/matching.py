"""Pen-pal matching (SPEC §4): English-side × Chinese-side candidates → proposed pairs.

Discord-free and database-free: the pen-pal service loads the candidates (only *active*,
unpaired members: paused members and members who left never reach the matcher, because the
service filters by status; the matcher pairs exactly the candidates it is given) and the pairs
that may never happen (past pairs, blocks either way), and calls ``PenpalMatcher.match``.

Score of a pair (``PenpalMatcher.score``, in [0, 1], higher is better)::

    score = 0.5 · interests + 0.3 · waking + 0.2 · level

- ``interests`` = |A ∩ B| / √(|A|·|B|) over the two interest-tag sets (0 if either is empty):
  the cosine of the tag sets, so listing many tags does not beat listing the right ones.
  Weight 0.5: shared topics are what keeps a pen-pal conversation going.
- ``waking`` = hours both are awake / 15: each member's local waking window 08:00–23:00 (15 h)
  is placed on the UTC clock through the zone's UTC offset *at* ``now`` (so daylight saving
  counts; offsets are cached per zone; an unknown zone counts as UTC). Zones 9–15 h apart (New
  York–Shanghai) still share 6 h, so this ranges 0.4–1. Weight 0.3: overlap allows live
  back-and-forth, but pen pals can also write asynchronously.
- ``level`` = max(level_en, level_zh) / 3 (beginner 0, intermediate 1, advanced 2, fluent 3;
  each member's level in the *other* side's language). A pair is as good as its stronger
  bridge — someone who can read the original when the machine translation stumbles. The max
  (not a sum) makes the matching spread strong members over beginners: beginner+fluent twice
  beats fluent+fluent plus beginner+beginner. Weight 0.2: everything is translated anyway.

Fair queue (``PenpalMatcher.match``):

1. The smaller side is matched as fully as possible: the number of pairs is maximised first
   (a pair is only missing when exclusions make it impossible), then the total objective below.
2. On the larger side, only the oldest ``queue_factor × (size of the smaller side)`` members
   (longest waiting first, default 2×) are eligible in a round; the rest keep waiting. If some
   of the smaller side stay unmatched, later rounds open the window further down the queue.
3. Objective = score + waiting bonus of both members, bonus = 0.1 · d / (d + 14) for d days
   waited (strictly increasing, half of it after two weeks): among equally scored partners the
   one who waited longer wins, and a hard-to-match member is not passed over forever.
   ``Match.score`` is the plain score, without the bonus.

Algorithm: a round with up to ``exact_limit`` cost cells (default 4,000,000: about 1,150 ×
2,300) is solved exactly (Hungarian method, ``scipy.optimize.linear_sum_assignment``, one
"stay unmatched" column per member so a solution always exists). Larger rounds never build the
n × m matrix: scores are computed in chunks of rows (a sparse product of interest vectors plus
a table over (UTC offset, level) classes) and only a sparse graph is kept: each member's
``shortlist`` best partners, plus its best partners among those no shortlist holds (popular
members sit in every shortlist, so the optimum often lies further down), plus wider choices
for members a maximum-cardinality matching still leaves out. That graph is solved exactly
(``scipy.sparse.csgraph.min_weight_full_bipartite_matching``, integer costs), then a repair
pass moves anyone to a free partner they prefer. Measured: 10,000 × 30,000 in a few seconds,
over 99% of the exact optimum where the exact solver can run (BENCHMARKS.md).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from db.enums import PenpalLevel, Side

INTEREST_WEIGHT = 0.5
WAKING_WEIGHT = 0.3
LEVEL_WEIGHT = 0.2
WAKING_START_HOUR, WAKING_END_HOUR = 8, 23
WAIT_BONUS = 0.1
WAIT_HALF_DAYS = 14.0
LEVEL_RANK = {
    PenpalLevel.BEGINNER: 0,
    PenpalLevel.INTERMEDIATE: 1,
    PenpalLevel.ADVANCED: 2,
    PenpalLevel.FLUENT: 3,
}
_TOP_LEVEL = max(LEVEL_RANK.values())
_DAY_MINUTES = 24 * 60
_WAKING_MINUTES = (WAKING_END_HOUR - WAKING_START_HOUR) * 60
_MAX_OBJECTIVE = 1.0 + 2 * WAIT_BONUS
_CHUNK_ROWS = 256
_COMPLETION_PASSES = 4
_REPAIR_ROUNDS = 6
_COST_UNITS = 1e6

Pairs = list[tuple[int, int]]
Block = NDArray[np.floating]


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


@dataclass(frozen=True)
class ScoreBreakdown:
    """The three parts of a score, each in [0, 1]; ``total`` is their weighted sum."""

    interests: float
    waking: float
    level: float

    @property
    def total(self) -> float:
        return (
            INTEREST_WEIGHT * self.interests
            + WAKING_WEIGHT * self.waking
            + LEVEL_WEIGHT * self.level
        )


def waking_overlap(offset_a: int, offset_b: int) -> float:
    """Share of the waking window two members with these UTC offsets (minutes) have in common."""
    shift = (offset_a - offset_b) % _DAY_MINUTES
    shared = max(0, _WAKING_MINUTES - shift) + max(0, _WAKING_MINUTES - (_DAY_MINUTES - shift))
    return min(shared, _WAKING_MINUTES) / _WAKING_MINUTES


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class PenpalMatcher:
    """Pairs the two pools at one moment ``now``; see the module docstring for the rules."""

    def __init__(
        self,
        *,
        now: datetime,
        queue_factor: float = 2.0,
        shortlist: int = 32,
        exact_limit: int = 4_000_000,
    ) -> None:
        self._now = _aware(now)
        self.queue_factor = queue_factor
        self.shortlist = shortlist
        self.exact_limit = exact_limit
        self._offsets: dict[str, int] = {}

    def utc_offset_minutes(self, zone: str) -> int:
        """The zone's UTC offset at ``now`` in minutes (cached; unknown zones count as UTC)."""
        cached = self._offsets.get(zone)
        if cached is None:
            try:
                delta = self._now.astimezone(ZoneInfo(zone)).utcoffset()
            except (ZoneInfoNotFoundError, ValueError):
                delta = None
            cached = round(delta.total_seconds() / 60) if delta is not None else 0
            self._offsets[zone] = cached
        return cached

    def breakdown(self, en: Candidate, zh: Candidate) -> ScoreBreakdown:
        """The parts of ``score``: interests, waking-hours overlap, level (module docstring)."""
        shared = len(en.interests & zh.interests)
        interests = shared / math.sqrt(len(en.interests) * len(zh.interests)) if shared else 0.0
        waking = waking_overlap(
            self.utc_offset_minutes(en.timezone), self.utc_offset_minutes(zh.timezone)
        )
        level = max(LEVEL_RANK[en.level], LEVEL_RANK[zh.level]) / _TOP_LEVEL
        return ScoreBreakdown(interests, waking, level)

    def score(self, en: Candidate, zh: Candidate) -> float:
        """How good a pair is, in [0, 1]; higher is better."""
        return self.breakdown(en, zh).total

    def waiting_bonus(self, candidate: Candidate) -> float:
        """Added to the objective (not the score): 0.1 · d / (d + 14) for d days waited."""
        days = max(0.0, (self._now - _aware(candidate.waiting_since)).total_seconds() / 86_400)
        return WAIT_BONUS * days / (days + WAIT_HALF_DAYS)

    def objective(self, en: Candidate, zh: Candidate) -> float:
        """What the matching maximises for a pair: score plus both waiting bonuses."""
        return self.score(en, zh) + self.waiting_bonus(en) + self.waiting_bonus(zh)

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
        queue = sorted(chinese if en_rows else english, key=lambda c: _aware(c.waiting_since))
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
        pairs.sort(key=lambda pair: _aware(pair[1].waiting_since))
        matches = []
        for row, col in pairs:
            en, zh = (row, col) if en_rows else (col, row)
            matches.append(Match(en, zh, self.score(en, zh)))
        return matches

    def _assign(
        self, rows: list[Candidate], cols: list[Candidate], banned: dict[int, set[int]]
    ) -> Pairs:
        """One round: a cardinality-first, maximum-objective assignment of rows to cols."""
        problem = _Problem(self, rows, cols, banned)
        if len(rows) * (len(cols) + len(rows)) <= self.exact_limit:
            return problem.solve_dense()
        return problem.solve_shortlist(self.shortlist)


class _Problem:
    """One round in vectorised form: rows (smaller side) × cols (eligible larger side)."""

    def __init__(
        self,
        matcher: PenpalMatcher,
        rows: list[Candidate],
        cols: list[Candidate],
        banned: dict[int, set[int]],
    ) -> None:
        self.n, self.m = len(rows), len(cols)
        vocab: dict[str, int] = {}
        for person in (*rows, *cols):
            for tag in person.interests:
                vocab.setdefault(tag, len(vocab))
        self.width = max(1, len(vocab))
        self.row_tags = _tag_structure(rows, vocab)
        self.col_tags = _tag_structure(cols, vocab)
        offsets = sorted({matcher.utc_offset_minutes(p.timezone) for p in (*rows, *cols)})
        self.row_class = _classes(matcher, rows, offsets)
        self.col_class = _classes(matcher, cols, offsets)
        levels = len(LEVEL_RANK)
        self.table = np.array(
            [
                [
                    WAKING_WEIGHT * waking_overlap(offsets[a // levels], offsets[b // levels])
                    + LEVEL_WEIGHT * max(a % levels, b % levels) / _TOP_LEVEL
                    for b in range(len(offsets) * levels)
                ]
                for a in range(len(offsets) * levels)
            ]
        )
        self.row_bonus = np.array([matcher.waiting_bonus(p) for p in rows])
        self.col_bonus = np.array([matcher.waiting_bonus(p) for p in cols])
        col_index = {p.user_id: j for j, p in enumerate(cols)}
        self.banned: dict[int, NDArray[np.intp]] = {}
        for i, person in enumerate(rows):
            blocked = [col_index[uid] for uid in banned.get(person.user_id, ()) if uid in col_index]
            if blocked:
                self.banned[i] = np.array(blocked, dtype=np.intp)
        # Real edges cost 1 + max objective - objective ∈ [1, 2.2]; staying unmatched costs
        # more than any change among real edges, so the number of pairs comes first.
        self.unmatched_cost = _MAX_OBJECTIVE * (self.n + 1) + _MAX_OBJECTIVE + 1

    def _interest_matrices(self, dtype: type[np.floating]) -> tuple[csr_matrix, csr_matrix]:
        """Rows scaled by weight/√|A|, cols by 1/√|B|: their product is the interest term."""
        (rptr, ridx, rlen), (cptr, cidx, clen) = self.row_tags, self.col_tags
        rdata = np.repeat(INTEREST_WEIGHT / np.sqrt(np.maximum(rlen, 1)), rlen).astype(dtype)
        cdata = np.repeat(1 / np.sqrt(np.maximum(clen, 1)), clen).astype(dtype)
        rows = csr_matrix((rdata, ridx, rptr), shape=(self.n, self.width))
        cols = csr_matrix((cdata, cidx, cptr), shape=(self.m, self.width))
        return rows, cols.T.tocsr()

    def _chunks(self, subset: NDArray[np.intp]) -> list[NDArray[np.intp]]:
        """The rows in groups of one (offset, level) class, at most _CHUNK_ROWS each."""
        order = subset[np.argsort(self.row_class[subset], kind="stable")]
        cuts = np.flatnonzero(np.diff(self.row_class[order])) + 1
        chunks = []
        for group in np.split(order, cuts):
            chunks.extend(np.array_split(group, math.ceil(len(group) / _CHUNK_ROWS)))
        return chunks

    def _blocks(
        self, dtype: type[np.floating], rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> Iterator[tuple[NDArray[np.intp], Block]]:
        """Objective, less the row's own bonus, of chunks of ``rows`` against ``cols``."""
        row_x, col_t = self._interest_matrices(dtype)
        if len(cols) < self.m:
            col_t = col_t[:, cols]
        position = np.full(self.m, -1)
        position[cols] = np.arange(len(cols))
        col_terms = self.table[:, self.col_class[cols]] + self.col_bonus[cols]
        for chunk in self._chunks(rows):
            block = (row_x[chunk] @ col_t).toarray()
            block += col_terms[self.row_class[chunk[0]]].astype(dtype)
            for at, row in enumerate(chunk):
                if row in self.banned:
                    banned = position[self.banned[row]]
                    block[at, banned[banned >= 0]] = -np.inf
            yield chunk, block

    def solve_dense(self) -> Pairs:
        """Exact: the Hungarian method on the full cost matrix plus one "unmatched" column each."""
        cost = np.full((self.n, self.m + self.n), np.inf)
        for chunk, block in self._blocks(np.float64, np.arange(self.n), np.arange(self.m)):
            cost[chunk, : self.m] = 1 + _MAX_OBJECTIVE - block - self.row_bonus[chunk, None]
        cost[np.arange(self.n), self.m + np.arange(self.n)] = self.unmatched_cost
        rows, cols = linear_sum_assignment(cost)
        return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if j < self.m]

    def solve_shortlist(self, size: int) -> Pairs:
        """Each row's ``size`` best cols, then an exact sparse assignment on those edges.

        Popular cols sit in many shortlists, so the optimum often pairs a row with a col far
        down its list. So every row also gets edges to its ``size`` best cols among those in
        no shortlist, and rows that a maximum-cardinality matching of the graph still leaves
        out get edges to their best free cols, a wider choice each pass.
        """
        everyone, every_col = np.arange(self.n), np.arange(self.m)
        rows, cols = self._shortlist(size, everyone, every_col)
        unwanted = np.flatnonzero(np.bincount(cols, minlength=self.m) == 0)
        if len(unwanted):
            rows, cols = _union(self.m, rows, cols, *self._shortlist(size, everyone, unwanted))
        return self._repair(self._solve_sparse(*self._complete(rows, cols, size)))

    def _repair(self, pairs: Pairs) -> Pairs:
        """Moves rows to a free col they prefer, until none does (or the rounds run out).

        The shortlist graph may miss such a col; after this, no one waiting in the window is
        passed over for an equally scored newer member.
        """
        partner = np.full(self.n, -1)
        if not pairs:
            return pairs
        matched = np.array([i for i, _ in pairs])
        partner[matched] = [j for _, j in pairs]
        value = np.full(self.n, -np.inf)
        value[matched] = self._edge_objective(matched, partner[matched])
        free = np.ones(self.m, dtype=bool)
        free[partner[matched]] = False
        pending = [(matched, np.flatnonzero(free))]
        for _ in range(_REPAIR_ROUNDS):
            moves = [
                move for rows, cols in pending for move in self._improving_moves(rows, cols, value)
            ]
            claimed: set[int] = set()
            moved: set[int] = set()
            freed, losers = [], []
            for gain, row, col in sorted(moves, reverse=True):
                if row in moved:
                    continue
                if col in claimed:
                    losers.append(row)
                    continue
                claimed.add(col)
                moved.add(row)
                freed.append(partner[row])
                free[partner[row]], free[col] = True, False
                partner[row], value[row] = col, value[row] + gain
            if not moved:
                break
            # Next round: everyone against the cols just freed, conflict losers against all.
            pending = [(matched, np.array(freed, dtype=np.intp))]
            if losers:
                pending.append((np.array(losers, dtype=np.intp), np.flatnonzero(free)))
        return [(int(i), int(partner[i])) for i in matched]

    def _improving_moves(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp], value: NDArray[np.float64]
    ) -> list[tuple[float, int, int]]:
        """(gain, row, col): each row's best of ``cols`` if it beats its current partner."""
        found_rows, found_cols = [], []
        if not len(rows) or not len(cols):
            return []
        for chunk, block in self._blocks(np.float32, rows, cols):
            best = block.argmax(axis=1)
            close = block[np.arange(len(chunk)), best] + self.row_bonus[chunk] > value[chunk] - 1e-4
            found_rows.append(chunk[close])
            found_cols.append(cols[best[close]])
        if not found_rows:
            return []
        rows, cols = np.concatenate(found_rows), np.concatenate(found_cols)
        gains = self._edge_objective(rows, cols) - value[rows]
        better = gains > 1e-12
        return list(
            zip(gains[better].tolist(), rows[better].tolist(), cols[better].tolist(), strict=True)
        )

    def _complete(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp], size: int
    ) -> tuple[NDArray[np.intp], NDArray[np.intp], bool]:
        """Adds edges until every row can be matched at once; says whether that was reached.

        Rows a maximum-cardinality matching leaves out get a wider choice each pass, among
        the cols that matching left free and among all; the last pass widens everyone's (a
        path to a full matching may run through any row).
        """
        everyone, every_col = np.arange(self.n), np.arange(self.m)
        for passes in range(1, _COMPLETION_PASSES + 2):
            graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(self.n, self.m))
            partner = maximum_bipartite_matching(graph, perm_type="column")
            waiting = np.flatnonzero(partner < 0)
            if not len(waiting):
                return rows, cols, True
            if passes > _COMPLETION_PASSES:
                break
            free = np.setdiff1d(every_col, partner[partner >= 0])
            widen = waiting if passes < _COMPLETION_PASSES else everyone
            more_free = self._shortlist(size * 4**passes, waiting, free)
            more = self._shortlist(size * 4**passes, widen, every_col)
            rows, cols = _union(self.m, rows, cols, *more_free, *more)
        return rows, cols, False

    def _shortlist(
        self, size: int, rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Edges from each of ``rows`` to its ``size`` best of ``cols``."""
        edge_rows, edge_cols = [np.empty(0, dtype=np.intp)], [np.empty(0, dtype=np.intp)]
        width = len(cols)
        for chunk, block in self._blocks(np.float32, rows, cols):
            if width > size:
                best = np.argpartition(block, width - size, axis=1)[:, width - size :]
            else:
                best = np.broadcast_to(np.arange(width), (len(chunk), width))
            allowed = np.take_along_axis(block, best, axis=1) > -np.inf
            edge_rows.append(np.broadcast_to(chunk[:, None], best.shape)[allowed])
            edge_cols.append(cols[best[allowed]])
        return np.concatenate(edge_rows), np.concatenate(edge_cols)

    def _solve_sparse(self, rows: NDArray[np.intp], cols: NDArray[np.intp], full: bool) -> Pairs:
        """Exact minimum-cost assignment on the given edges.

        Unless every row can be matched (``full``), each row also gets a private "unmatched"
        edge (it slows the solver down, so only when needed).
        """
        # Whole micro-units: LAPJVsp can loop forever on costs that differ by rounding noise.
        cost = np.round((1 + _MAX_OBJECTIVE - self._edge_objective(rows, cols)) * _COST_UNITS)
        if not full:
            unmatched = np.arange(self.n)
            rows = np.concatenate([rows, unmatched])
            cols = np.concatenate([cols, self.m + unmatched])
            cost = np.concatenate([cost, np.full(self.n, round(self.unmatched_cost * _COST_UNITS))])
        graph = csr_matrix((cost, (rows, cols)), shape=(self.n, self.m + self.n * (not full)))
        matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
        return [
            (int(i), int(j)) for i, j in zip(matched_rows, matched_cols, strict=True) if j < self.m
        ]

    def _edge_objective(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        """The float64 objective of the given (row, col) edges, recomputed exactly."""
        row_x, col_t = self._interest_matrices(np.float64)
        shared = np.asarray(row_x[rows].multiply(col_t.T.tocsr()[cols]).sum(axis=1)).ravel()
        classes = self.table[self.row_class[rows], self.col_class[cols]]
        result: NDArray[np.float64] = shared + classes + self.row_bonus[rows] + self.col_bonus[cols]
        return result


def _union(width: int, *edges: NDArray[np.intp]) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """The distinct edges of several (rows, cols) lists."""
    keys = np.sort(
        np.concatenate(
            [rows * width + cols for rows, cols in zip(edges[::2], edges[1::2], strict=True)]
        )
    )
    keys = keys[np.diff(keys, prepend=-1) != 0]
    return keys // width, keys % width


def _tag_structure(
    people: list[Candidate], vocab: dict[str, int]
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.intp]]:
    """CSR index pointer, tag indices and tag counts of each person's interest set."""
    lengths = np.array([len(p.interests) for p in people], dtype=np.intp)
    indptr = np.zeros(len(people) + 1, dtype=np.intp)
    np.cumsum(lengths, out=indptr[1:])
    indices = np.fromiter(
        (vocab[tag] for p in people for tag in p.interests), dtype=np.intp, count=int(indptr[-1])
    )
    return indptr, indices, lengths


def _classes(
    matcher: PenpalMatcher, people: list[Candidate], offsets: list[int]
) -> NDArray[np.intp]:
    """Each person's (UTC offset, level) class: offset index × levels + level rank."""
    where = {offset: at for at, offset in enumerate(offsets)}
    return np.array(
        [
            where[matcher.utc_offset_minutes(p.timezone)] * len(LEVEL_RANK) + LEVEL_RANK[p.level]
            for p in people
        ],
        dtype=np.intp,
    )
