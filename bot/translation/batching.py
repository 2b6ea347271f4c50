"""Micro-batching: concurrent requests share one blocking model call in a worker thread.

While a batch is running, new requests queue up; the next batch takes them all (up to
``max_batch``). An idle engine therefore adds no waiting to a lone request, and a burst is
served in a few large calls instead of one call per request.

The drain task exits when the queue is empty and the next submit starts a new one: no task
waits forever on an idle queue (SimCord's settle() treats such a wait as a hang).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Output = TypeVar("Output")


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


class MicroBatcher(Generic[Item, Output]):
    """Run ``run_batch`` on batches of submitted items in ``executor``."""

    def __init__(
        self,
        run_batch: Callable[[Sequence[Item]], Sequence[Output]],
        executor: Executor,
        *,
        max_batch: int,
    ) -> None:
        self._run_batch = run_batch
        self._executor = executor
        self._max_batch = max_batch
        self._pending: list[tuple[Item, asyncio.Future[Output]]] = []
        self._drainer: asyncio.Task[None] | None = None
        self.stats = BatchStats()

    async def submit_many(self, items: Sequence[Item]) -> list[Output]:
        """Queue ``items`` and wait for all of their results (order kept)."""
        if not items:
            return []
        loop = asyncio.get_running_loop()
        futures = [loop.create_future() for _ in items]
        self._pending.extend(zip(items, futures, strict=True))
        if self._drainer is None or self._drainer.done():
            self._drainer = loop.create_task(self._drain(), name="yiqi-translation-batch")
        return list(await asyncio.gather(*futures))

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            live = [(item, fut) for item, fut in batch if not fut.done()]
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
        if self._drainer is not None:
            await asyncio.shield(self._drainer)
