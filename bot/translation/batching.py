"""Micro-batching: concurrent requests share one blocking model call in a worker thread.

While a batch is running, new requests queue up; the next batch takes them (up to
``max_batch``). An idle engine therefore adds no waiting to a lone request, and a burst is
served in a few large calls instead of one call per request.

Fair to short messages: each request's first ``turn`` items are *fresh*, the rest *bulk*.
A batch takes every waiting fresh item first, in arrival order (so ordinary messages batch
exactly as plain FIFO would); only when no fresh item waits does it take bulk items, round
robin ``turn`` at a time per request, in slices of ``bulk_batch``. A 100 KB post is thus
translated in slices, and a one-line message submitted meanwhile waits for at most one
slice, not for the whole post. While others are chatting (a fresh request was served next
to a long post within ``busy_window_s``) the slices shrink to ``busy_bulk_batch``: a model
call has a large fixed cost (one chat sentence 0.28 s, sixteen 0.9 s here), so only tiny
slices keep a newcomer's wait near an idle engine's; a quiet engine gets full slices back.

The drain task exits when the queue is empty and the next submit starts a new one: no task
waits forever on an idle queue (SimCord's settle() treats such a wait as a hang).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Output = TypeVar("Output")

# Items of one request that count as fresh: a chat message rarely has more sentences.
DEFAULT_TURN = 8
BUSY_BULK_BATCH = 2
BUSY_WINDOW_S = 2.0


@dataclass
class BatchStats:
    """Counters for benchmarks and logs; bounded however long the process runs."""

    batches: int = 0
    items: int = 0
    largest_batch: int = 0
    # batch size → how many batches had it: at most ``max_batch`` keys, unlike a list of sizes.
    size_counts: Counter[int] = field(default_factory=Counter)

    def record(self, size: int) -> None:
        self.batches += 1
        self.items += size
        self.largest_batch = max(self.largest_batch, size)
        self.size_counts[size] += 1


@dataclass
class _Request(Generic[Item, Output]):
    waiting: deque[tuple[Item, asyncio.Future[Output]]]
    taken: int = 0  # items already handed to a batch


class MicroBatcher(Generic[Item, Output]):
    """Run ``run_batch`` on batches of submitted items in ``executor``."""

    def __init__(
        self,
        run_batch: Callable[[Sequence[Item]], Sequence[Output]],
        executor: Executor,
        *,
        max_batch: int,
        bulk_batch: int | None = None,
        busy_bulk_batch: int = BUSY_BULK_BATCH,
        busy_window_s: float = BUSY_WINDOW_S,
        turn: int = DEFAULT_TURN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run_batch = run_batch
        self._executor = executor
        self._max_batch = max_batch
        self._bulk_batch = min(bulk_batch or max_batch, max_batch)
        self._busy_bulk_batch = min(busy_bulk_batch, self._bulk_batch)
        self._busy_window_s = busy_window_s
        self._turn = turn
        self._clock = clock
        self._served_beside_bulk = float("-inf")  # when a fresh request last overtook bulk
        # Requests in arrival order; one whose fresh items are all taken moves to the back
        # each time it is served, so several long posts share the bulk slices.
        self._queue: deque[_Request[Item, Output]] = deque()
        self._drainer: asyncio.Task[None] | None = None
        self.stats = BatchStats()

    async def submit_many(self, items: Sequence[Item]) -> list[Output]:
        """Queue ``items`` and wait for all of their results (order kept)."""
        if not items:
            return []
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in items]
        self._queue.append(_Request(deque(zip(items, futures, strict=True))))
        if self._drainer is None or self._drainer.done():
            self._drainer = loop.create_task(self._drain(), name="yiqi-translation-batch")
        return list(await asyncio.gather(*futures))

    def _next_batch(self) -> list[tuple[Item, asyncio.Future[Output]]]:
        bulk_waiting = any(request.taken >= self._turn for request in self._queue)
        batch = self._take_fresh()
        if batch and bulk_waiting:
            self._served_beside_bulk = self._clock()
        if not batch:
            busy = self._clock() - self._served_beside_bulk < self._busy_window_s
            batch = self._take_bulk(self._busy_bulk_batch if busy else self._bulk_batch)
        self._queue = deque(request for request in self._queue if request.waiting)
        return batch

    def _take_fresh(self) -> list[tuple[Item, asyncio.Future[Output]]]:
        batch: list[tuple[Item, asyncio.Future[Output]]] = []
        for request in self._queue:
            room = min(self._turn - request.taken, self._max_batch - len(batch))
            batch.extend(self._pop(request, room))
            if len(batch) == self._max_batch:
                break
        return batch

    def _take_bulk(self, size: int) -> list[tuple[Item, asyncio.Future[Output]]]:
        batch: list[tuple[Item, asyncio.Future[Output]]] = []
        while self._queue and len(batch) < size:
            request = self._queue.popleft()
            batch.extend(self._pop(request, min(self._turn, size - len(batch))))
            if request.waiting:
                self._queue.append(request)
        return batch

    @staticmethod
    def _pop(
        request: _Request[Item, Output], count: int
    ) -> list[tuple[Item, asyncio.Future[Output]]]:
        taken = [request.waiting.popleft() for _ in range(min(count, len(request.waiting)))]
        request.taken += len(taken)
        return taken

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            live = [(item, fut) for item, fut in self._next_batch() if not fut.done()]
            if not live:
                continue
            try:
                outputs = await loop.run_in_executor(
                    self._executor, self._run_batch, [item for item, _ in live]
                )
            except Exception as error:
                for _, fut in live:
                    if not fut.done():
                        fut.set_exception(error)
                continue
            self.stats.record(len(live))
            for (_, fut), output in zip(live, outputs, strict=True):
                if not fut.done():
                    fut.set_result(output)

    async def wait_idle(self) -> None:
        """Wait for the current drain to finish (used at shutdown)."""
        drainer = self._drainer
        if drainer is None:
            return
        try:
            await asyncio.shield(drainer)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if not drainer.cancelled() or (current is not None and current.cancelling()):
                raise  # we are being cancelled ourselves
            # The drain was cancelled (its loop is shutting down): nothing left to wait for.
