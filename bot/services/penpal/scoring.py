"""Pen-pal pair scores (SPEC §4): one pair at a time, and vectorised for a whole round.

Score of a pair (``PairScorer.score``, in [0, 1], higher is better)::

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

The matching maximises the *objective*: score plus a waiting bonus of both members,
0.1 · d / (d + 14) for d days waited (strictly increasing, half of it after two weeks).

``ScoreTable`` holds one round (rows: the smaller side, cols: the eligible larger side) in a
form that never builds the n × m matrix unless asked: a sparse product of interest vectors plus
a small table over (UTC offset, level) classes, computed in chunks of rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

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
MAX_OBJECTIVE = 1.0 + 2 * WAIT_BONUS
_TOP_LEVEL = max(LEVEL_RANK.values())
_DAY_MINUTES = 24 * 60
_WAKING_MINUTES = (WAKING_END_HOUR - WAKING_START_HOUR) * 60
_CHUNK_ROWS = 256

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


def aware(moment: datetime) -> datetime:
    """``moment`` with UTC assumed when it carries no zone (SQLite returns naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class PairScorer:
    """Scores pairs at one moment ``now`` (UTC offsets and waiting times depend on it)."""

    def __init__(self, *, now: datetime) -> None:
        self._now = aware(now)
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
        days = max(0.0, (self._now - aware(candidate.waiting_since)).total_seconds() / 86_400)
        return WAIT_BONUS * days / (days + WAIT_HALF_DAYS)

    def objective(self, en: Candidate, zh: Candidate) -> float:
        """What the matching maximises for a pair: score plus both waiting bonuses."""
        return self.score(en, zh) + self.waiting_bonus(en) + self.waiting_bonus(zh)


class ScoreTable:
    """One round in vectorised form: rows (smaller side) × cols (eligible larger side).

    ``banned`` maps a row's user id to the user ids of cols it may never be paired with.
    """

    def __init__(
        self,
        scorer: PairScorer,
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
        offsets = sorted({scorer.utc_offset_minutes(p.timezone) for p in (*rows, *cols)})
        self.row_class = _classes(scorer, rows, offsets)
        self.col_class = _classes(scorer, cols, offsets)
        levels = len(LEVEL_RANK)
        # Waking and level terms depend only on the two (offset, level) classes.
        self.class_terms = np.array(
            [
                [
                    WAKING_WEIGHT * waking_overlap(offsets[a // levels], offsets[b // levels])
                    + LEVEL_WEIGHT * max(a % levels, b % levels) / _TOP_LEVEL
                    for b in range(len(offsets) * levels)
                ]
                for a in range(len(offsets) * levels)
            ]
        )
        self.row_bonus = np.array([scorer.waiting_bonus(p) for p in rows])
        self.col_bonus = np.array([scorer.waiting_bonus(p) for p in cols])
        col_index = {p.user_id: j for j, p in enumerate(cols)}
        self.banned: dict[int, NDArray[np.intp]] = {}
        for i, person in enumerate(rows):
            blocked = [col_index[uid] for uid in banned.get(person.user_id, ()) if uid in col_index]
            if blocked:
                self.banned[i] = np.array(blocked, dtype=np.intp)

    def interest_matrices(self, dtype: type[np.floating]) -> tuple[csr_matrix, csr_matrix]:
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

    def blocks(
        self, dtype: type[np.floating], rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> Iterator[tuple[NDArray[np.intp], Block]]:
        """Objective, less the row's own bonus, of chunks of ``rows`` against ``cols``.

        Banned cells are ``-inf``.
        """
        row_x, col_t = self.interest_matrices(dtype)
        if len(cols) < self.m:
            col_t = col_t[:, cols]
        position = np.full(self.m, -1)
        position[cols] = np.arange(len(cols))
        col_terms = self.class_terms[:, self.col_class[cols]] + self.col_bonus[cols]
        for chunk in self._chunks(rows):
            block = (row_x[chunk] @ col_t).toarray()
            block += col_terms[self.row_class[chunk[0]]].astype(dtype)
            for at, row in enumerate(chunk):
                if row in self.banned:
                    banned = position[self.banned[row]]
                    block[at, banned[banned >= 0]] = -np.inf
            yield chunk, block

    def edge_objective(self, rows: NDArray[np.intp], cols: NDArray[np.intp]) -> NDArray[np.float64]:
        """The float64 objective of the given (row, col) edges, recomputed exactly."""
        row_x, col_t = self.interest_matrices(np.float64)
        shared = np.asarray(row_x[rows].multiply(col_t.T.tocsr()[cols]).sum(axis=1)).ravel()
        classes = self.class_terms[self.row_class[rows], self.col_class[cols]]
        result: NDArray[np.float64] = shared + classes + self.row_bonus[rows] + self.col_bonus[cols]
        return result


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


def _classes(scorer: PairScorer, people: list[Candidate], offsets: list[int]) -> NDArray[np.intp]:
    """Each person's (UTC offset, level) class: offset index × levels + level rank."""
    where = {offset: at for at, offset in enumerate(offsets)}
    return np.array(
        [
            where[scorer.utc_offset_minutes(p.timezone)] * len(LEVEL_RANK) + LEVEL_RANK[p.level]
            for p in people
        ],
        dtype=np.intp,
    )
