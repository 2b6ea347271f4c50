"""The micro-batcher serves requests fairly: a long post is translated in slices, and a short
message submitted meanwhile enters the very next batch. A fake translate function records
the batches; each test holds one call open to submit at a known point, so the batch order
is deterministic (no timing asserts)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from bot.translation.batching import DEFAULT_TURN, MicroBatcher


class Recorder:
    """Tags each item; call ``hold(n)`` to block the n-th call until released."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.now = 0.0  # a fake clock: each call takes half a second
        self._entered: dict[int, threading.Event] = {}
        self._release: dict[int, threading.Event] = {}

    def hold(self, call: int) -> None:
        self._entered[call], self._release[call] = threading.Event(), threading.Event()

    async def entered(self, call: int) -> None:
        await asyncio.to_thread(self._entered[call].wait)

    def release(self, call: int) -> None:
        self._release[call].set()

    def __call__(self, items: Sequence[str]) -> list[str]:
        call = len(self.batches)
        self.batches.append(list(items))
        self.now += 0.5
        if call in self._entered:
            self._entered[call].set()
            self._release[call].wait()
        return [f"<{item}>" for item in items]


def _batch_of(batches: list[list[str]], item: str) -> int:
    return next(index for index, batch in enumerate(batches) if item in batch)


async def test_a_short_message_enters_the_next_batch_while_a_long_post_is_in_slices() -> None:
    work = Recorder()
    work.hold(3)  # a bulk slice of the long post, hundreds of its sentences still queued
    long_post = [f"L{i}" for i in range(400)]
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(work, pool, max_batch=128, bulk_batch=16)
        long_task = asyncio.create_task(batcher.submit_many(long_post))
        await work.entered(3)
        short_task = asyncio.create_task(batcher.submit_many(["S1", "S2"]))
        await asyncio.sleep(0)  # the short request is queued before the slice finishes
        work.release(3)
        short, translated = await short_task, await long_task
    assert short == ["<S1>", "<S2>"]
    assert translated == [f"<{item}>" for item in long_post]  # complete, in order
    assert work.batches[0] == long_post[:DEFAULT_TURN]  # the post's first sentences at once
    assert all(len(batch) == 16 for batch in work.batches[1:4])  # then slices, not 128
    assert work.batches[4] == ["S1", "S2"]  # the very next call after the running slice
    assert sum(map(len, work.batches)) == 402


async def test_slices_shrink_while_others_chat_and_grow_back_when_quiet() -> None:
    work = Recorder()
    work.hold(2)
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(
            work, pool, max_batch=128, bulk_batch=16, busy_bulk_batch=2, clock=lambda: work.now
        )
        long_task = asyncio.create_task(batcher.submit_many([f"L{i}" for i in range(200)]))
        await work.entered(2)
        short_task = asyncio.create_task(batcher.submit_many(["S"]))
        await asyncio.sleep(0)
        work.release(2)
        await short_task, await long_task
    sizes = [len(batch) for batch in work.batches]
    assert work.batches[3] == ["S"]
    # Small slices until the two-second window has passed (the short call and three slices
    # of half a second each), then full ones again.
    assert sizes[:8] == [8, 16, 16, 1, 2, 2, 2, 16]
    assert sum(sizes) == 201


async def test_ordinary_messages_batch_exactly_as_first_come_first_served() -> None:
    work = Recorder()
    work.hold(0)
    requests = [[f"m{i}", f"n{i}"] for i in range(40)]
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(work, pool, max_batch=16, bulk_batch=4)
        first = asyncio.create_task(batcher.submit_many(["first"]))
        await work.entered(0)
        tasks = [asyncio.create_task(batcher.submit_many(r)) for r in requests]
        await asyncio.sleep(0)
        work.release(0)
        results = await asyncio.gather(*tasks)
        await first
    flat = [item for request in requests for item in request]
    assert work.batches[1:] == [flat[i : i + 16] for i in range(0, len(flat), 16)]
    assert results == [[f"<{item}>" for item in request] for request in requests]


async def test_long_posts_share_the_bulk_slices_round_robin() -> None:
    work = Recorder()
    first, second = [f"A{i}" for i in range(100)], [f"B{i}" for i in range(100)]
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(work, pool, max_batch=128, bulk_batch=16)
        results = await asyncio.gather(batcher.submit_many(first), batcher.submit_many(second))
    assert list(results) == [[f"<{i}>" for i in first], [f"<{i}>" for i in second]]
    assert work.batches[0] == first[:8] + second[:8]
    # Neither post waits for the other to finish: each slice holds a turn of both.
    for batch in work.batches[1:-1]:
        assert sum(item[0] == "A" for item in batch) == sum(item[0] == "B" for item in batch)
    assert _batch_of(work.batches, "B99") - _batch_of(work.batches, "A99") <= 1


async def test_a_cancelled_long_post_does_not_hold_up_the_next_message() -> None:
    work = Recorder()
    work.hold(1)
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(work, pool, max_batch=128, bulk_batch=16)
        long_task = asyncio.create_task(batcher.submit_many([f"L{i}" for i in range(500)]))
        await work.entered(1)
        long_task.cancel()
        work.release(1)
        assert await batcher.submit_many(["S"]) == ["<S>"]
    assert long_task.cancelled()
    # Only the two slices already under way reached the model; the rest was dropped.
    assert [len(batch) for batch in work.batches] == [8, 16, 1]
