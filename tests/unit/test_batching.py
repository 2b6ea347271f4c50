import asyncio
import threading
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.translation.batching import BatchStats, MicroBatcher


class SlowUpper:
    """A blocking batch function that records the batches it saw."""

    def __init__(self, delay: float = 0.02) -> None:
        self.delay = delay
        self.batches: list[list[str]] = []
        self.threads: set[str] = set()
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, items: Sequence[str]) -> list[str]:
        self.gate.wait()
        self.threads.add(threading.current_thread().name)
        self.batches.append(list(items))
        threading.Event().wait(self.delay)
        return [item.upper() for item in items]


async def test_concurrent_requests_share_batches_and_keep_order() -> None:
    work = SlowUpper()
    with ThreadPoolExecutor(1, thread_name_prefix="worker") as pool:
        batcher = MicroBatcher(work, pool, max_batch=16)
        work.gate.clear()  # hold the first batch so the rest pile up behind it
        tasks = [asyncio.create_task(batcher.submit_many([f"m{i}", f"n{i}"])) for i in range(40)]
        await asyncio.sleep(0.05)
        work.gate.set()
        results = await asyncio.gather(*tasks)
    assert results == [[f"M{i}", f"N{i}"] for i in range(40)]
    assert sum(len(b) for b in work.batches) == 80
    assert max(len(b) for b in work.batches) == 16
    assert len(work.batches) <= 8  # not one call per request
    assert all(name.startswith("worker") for name in work.threads)  # off the event loop
    stats = batcher.stats
    assert stats.size_counts == Counter(len(b) for b in work.batches)
    assert (stats.batches, stats.items, stats.largest_batch) == (len(work.batches), 80, 16)


async def test_lone_request_runs_immediately_in_one_call() -> None:
    work = SlowUpper(delay=0)
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(work, pool, max_batch=8)
        assert await batcher.submit_many(["a"]) == ["A"]
    assert work.batches == [["a"]]


async def test_a_failing_batch_fails_its_callers_and_the_next_batch_still_runs() -> None:
    calls = 0

    def flaky(items: Sequence[str]) -> list[str]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("model crashed")
        return list(items)

    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(flaky, pool, max_batch=8)
        with pytest.raises(RuntimeError, match="model crashed"):
            await batcher.submit_many(["a"])
        assert await batcher.submit_many(["b"]) == ["b"]


async def test_drain_task_exits_when_idle() -> None:
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(SlowUpper(delay=0), pool, max_batch=8)
        await batcher.submit_many(["x"])
        await batcher.wait_idle()
        assert batcher._drainer is not None and batcher._drainer.done()


def test_batch_stats_stay_bounded_however_many_batches_run() -> None:
    stats = BatchStats()
    for batch in range(100_000):
        stats.record(batch % 32 + 1)
    assert len(stats.size_counts) == 32  # one counter per size, not one entry per batch
    assert sum(stats.size_counts.values()) == stats.batches == 100_000
    assert stats.items == sum(size * count for size, count in stats.size_counts.items())
    assert stats.largest_batch == 32
