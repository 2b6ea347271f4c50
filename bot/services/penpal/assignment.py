"""Pen-pal assignment: one round's rows (smaller side) to cols, cardinality first, then objective.

A round that fits (``solve_exact``) gets the Hungarian method on the full cost matrix
(``scipy.optimize.linear_sum_assignment``) with one "stay unmatched" column per row, so a
solution always exists. Larger rounds (``ShortlistSolver``) never build the n × m matrix: a
sparse graph keeps each row's ``size`` best cols, plus its best cols among those no shortlist
holds (popular cols sit in every shortlist, so the optimum often lies further down), plus wider
choices for rows a maximum-cardinality matching still leaves out. That graph is solved exactly
(``scipy.sparse.csgraph.min_weight_full_bipartite_matching``, integer costs), then a repair pass
moves anyone to a free col they prefer.

Costs: real edges cost 1 + max objective - objective ∈ [1, 2.2]; staying unmatched costs more
than any change among real edges, so the number of pairs comes first.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from bot.services.penpal.scoring import MAX_OBJECTIVE, ScoreTable

_COMPLETION_PASSES = 4
_REPAIR_ROUNDS = 6
_COST_UNITS = 1e6

Pairs = list[tuple[int, int]]
Edges = tuple[NDArray[np.intp], NDArray[np.intp]]


def unmatched_cost(table: ScoreTable) -> float:
    """More than any sum of changes among real edges: a missing pair is never worth it."""
    return MAX_OBJECTIVE * (table.n + 1) + MAX_OBJECTIVE + 1


def solve_exact(table: ScoreTable) -> Pairs:
    """Exact: the Hungarian method on the full cost matrix plus one "unmatched" column each."""
    n, m = table.n, table.m
    cost = np.full((n, m + n), np.inf)
    for chunk, block in table.blocks(np.float64, np.arange(n), np.arange(m)):
        cost[chunk, :m] = 1 + MAX_OBJECTIVE - block - table.row_bonus[chunk, None]
    cost[np.arange(n), m + np.arange(n)] = unmatched_cost(table)
    rows, cols = linear_sum_assignment(cost)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if j < m]


class ShortlistSolver:
    """The large-pool path: an exact assignment on a sparse graph of good edges, repaired."""

    def __init__(self, table: ScoreTable, size: int) -> None:
        self.table = table
        self.size = size

    def solve(self) -> Pairs:
        """Each row's ``size`` best cols, then an exact sparse assignment on those edges.

        Popular cols sit in many shortlists, so the optimum often pairs a row with a col far
        down its list. So every row also gets edges to its ``size`` best cols among those in
        no shortlist, and rows that a maximum-cardinality matching of the graph still leaves
        out get edges to their best free cols, a wider choice each pass.
        """
        table, size = self.table, self.size
        everyone, every_col = np.arange(table.n), np.arange(table.m)
        rows, cols = self._shortlist(size, everyone, every_col)
        unwanted = np.flatnonzero(np.bincount(cols, minlength=table.m) == 0)
        if len(unwanted):
            rows, cols = _union(table.m, rows, cols, *self._shortlist(size, everyone, unwanted))
        return self._repair(self._solve_sparse(*self._complete(rows, cols)))

    def _repair(self, pairs: Pairs) -> Pairs:
        """Moves rows to a free col they prefer, until none does (or the rounds run out).

        The shortlist graph may miss such a col; after this, no one waiting in the window is
        passed over for an equally scored newer member.
        """
        table = self.table
        partner = np.full(table.n, -1)
        if not pairs:
            return pairs
        matched = np.array([i for i, _ in pairs])
        partner[matched] = [j for _, j in pairs]
        value = np.full(table.n, -np.inf)
        value[matched] = table.edge_objective(matched, partner[matched])
        free = np.ones(table.m, dtype=bool)
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
        table = self.table
        found_rows, found_cols = [], []
        if not len(rows) or not len(cols):
            return []
        for chunk, block in table.blocks(np.float32, rows, cols):
            best = block.argmax(axis=1)
            reach = block[np.arange(len(chunk)), best] + table.row_bonus[chunk]
            close = reach > value[chunk] - 1e-4
            found_rows.append(chunk[close])
            found_cols.append(cols[best[close]])
        if not found_rows:
            return []
        rows, cols = np.concatenate(found_rows), np.concatenate(found_cols)
        gains = table.edge_objective(rows, cols) - value[rows]
        better = gains > 1e-12
        return list(
            zip(gains[better].tolist(), rows[better].tolist(), cols[better].tolist(), strict=True)
        )

    def _complete(
        self, rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> tuple[NDArray[np.intp], NDArray[np.intp], bool]:
        """Adds edges until every row can be matched at once; says whether that was reached.

        Rows a maximum-cardinality matching leaves out get a wider choice each pass, among
        the cols that matching left free and among all; the last pass widens everyone's (a
        path to a full matching may run through any row).
        """
        n, m = self.table.n, self.table.m
        everyone, every_col = np.arange(n), np.arange(m)
        for passes in range(1, _COMPLETION_PASSES + 2):
            graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))
            partner = maximum_bipartite_matching(graph, perm_type="column")
            waiting = np.flatnonzero(partner < 0)
            if not len(waiting):
                return rows, cols, True
            if passes > _COMPLETION_PASSES:
                break
            free = np.setdiff1d(every_col, partner[partner >= 0])
            widen = waiting if passes < _COMPLETION_PASSES else everyone
            wider = self.size * 4**passes
            more_free = self._shortlist(wider, waiting, free)
            more = self._shortlist(wider, widen, every_col)
            rows, cols = _union(m, rows, cols, *more_free, *more)
        return rows, cols, False

    def _shortlist(self, size: int, rows: NDArray[np.intp], cols: NDArray[np.intp]) -> Edges:
        """Edges from each of ``rows`` to its ``size`` best of ``cols``."""
        edge_rows, edge_cols = [np.empty(0, dtype=np.intp)], [np.empty(0, dtype=np.intp)]
        width = len(cols)
        for chunk, block in self.table.blocks(np.float32, rows, cols):
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
        table = self.table
        n, m = table.n, table.m
        # Whole micro-units: LAPJVsp can loop forever on costs that differ by rounding noise.
        cost = np.round((1 + MAX_OBJECTIVE - table.edge_objective(rows, cols)) * _COST_UNITS)
        if not full:
            unmatched = np.arange(n)
            rows = np.concatenate([rows, unmatched])
            cols = np.concatenate([cols, m + unmatched])
            cost = np.concatenate([cost, np.full(n, round(unmatched_cost(table) * _COST_UNITS))])
        graph = csr_matrix((cost, (rows, cols)), shape=(n, m + n * (not full)))
        matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
        return [(int(i), int(j)) for i, j in zip(matched_rows, matched_cols, strict=True) if j < m]


def _union(width: int, *edges: NDArray[np.intp]) -> Edges:
    """The distinct edges of several (rows, cols) lists."""
    keys = np.sort(
        np.concatenate(
            [rows * width + cols for rows, cols in zip(edges[::2], edges[1::2], strict=True)]
        )
    )
    keys = keys[np.diff(keys, prepend=-1) != 0]
    return keys // width, keys % width
