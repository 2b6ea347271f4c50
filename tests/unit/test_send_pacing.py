"""SendPacer: per-webhook turns within Discord's limits, on a clock the test moves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from bot.adapters.send_pacing import (
    CHANNEL_MESSAGES,
    WEBHOOK_REQUESTS,
    SendPacer,
    TimeSource,
    TokenBucket,
    Window,
)
from demo.virtual_time import SkippingTime


class ManualClock:
    """Time moves only when the test says so; sleepers wake when their time has come."""

    def __init__(self) -> None:
        self.time = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.time + seconds, wake))
        await wake

    async def advance(self, seconds: float) -> None:
        self.time += seconds
        for at, wake in list(self._sleepers):
            if at <= self.time and not wake.done():
                wake.set_result(None)
        await let_tasks_run()


async def let_tasks_run() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def most_in_any_span(stamps: list[float], seconds: float) -> int:
    """The largest number of stamps inside any half-open span [t, t + seconds)."""
    return max(sum(1 for s in stamps if start <= s < start + seconds) for start in stamps)


def sender(
    pacer: SendPacer, log: list[tuple[int, int, float]], clock: TimeSource
) -> Callable[[int, int, bool], Coroutine[Any, Any, None]]:
    async def send(key: int, number: int, new_message: bool) -> None:
        async with pacer.turn(key, new_message=new_message):
            log.append((key, number, clock.now()))
            await asyncio.sleep(0)  # the request itself

    return send


def test_discord_numbers() -> None:
    assert Window(count=5, seconds=2.0) == WEBHOOK_REQUESTS
    assert Window(count=30, seconds=60.0) == CHANNEL_MESSAGES


def test_a_spent_token_returns_one_window_later() -> None:
    bucket = TokenBucket(Window(count=2, seconds=2.0))
    bucket.spend(0.0)
    bucket.spend(0.5)
    assert bucket.wait_time(1.0) == pytest.approx(1.0)
    assert bucket.wait_time(2.0) == 0.0  # the first token is back
    bucket.spend(2.0)
    assert bucket.wait_time(2.0) == pytest.approx(0.5)


async def test_the_sixth_request_in_two_seconds_waits_while_another_webhook_does_not() -> None:
    clock = ManualClock()
    pacer = SendPacer(clock)
    log: list[tuple[int, int, float]] = []
    send = sender(pacer, log, clock)
    tasks = [asyncio.create_task(send(1, n, False)) for n in range(6)]
    await let_tasks_run()
    other = asyncio.create_task(send(2, 0, False))
    await let_tasks_run()

    assert [(k, n) for k, n, _ in log] == [(1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (2, 0)]
    assert other.done() and not tasks[5].done()
    await clock.advance(1.9)
    assert not tasks[5].done()
    await clock.advance(0.1)
    assert tasks[5].done()
    assert log[-1] == (1, 5, 2.0)


async def test_a_burst_keeps_order_and_every_limit_on_each_webhook() -> None:
    clock = SkippingTime()
    pacer = SendPacer(clock)
    log: list[tuple[int, int, float]] = []
    send = sender(pacer, log, clock)
    await asyncio.gather(*(send(key, n, True) for n in range(70) for key in (1, 2)))

    for key in (1, 2):
        numbers = [n for k, n, _ in log if k == key]
        stamps = [t for k, _, t in log if k == key]
        assert numbers == list(range(70))  # in the order they asked
        assert most_in_any_span(stamps, 2.0) <= 5
        assert most_in_any_span(stamps, 60.0) <= 30
    assert clock.now() >= 120  # 70 messages need three 60-second windows


async def test_edits_and_deletes_count_as_requests_but_not_as_messages() -> None:
    clock = ManualClock()
    pacer = SendPacer(clock, requests=Window(100, 1.0), messages=Window(2, 60.0))
    log: list[tuple[int, int, float]] = []
    send = sender(pacer, log, clock)
    first = [asyncio.create_task(send(1, n, True)) for n in range(2)]
    await let_tasks_run()
    edit = asyncio.create_task(send(1, 2, False))
    await let_tasks_run()
    assert all(t.done() for t in [*first, edit])  # the edit needs no message token

    third = asyncio.create_task(send(1, 3, True))
    await let_tasks_run()
    assert not third.done()
    await clock.advance(60)
    assert third.done() and log[-1] == (1, 3, 60.0)


async def test_a_failed_request_still_spends_its_token_and_frees_the_turn() -> None:
    clock = ManualClock()
    pacer = SendPacer(clock, requests=Window(1, 2.0))

    async def failing() -> None:
        async with pacer.turn(7, new_message=True):
            raise RuntimeError("HTTP 500")

    with pytest.raises(RuntimeError):
        await failing()
    log: list[tuple[int, int, float]] = []
    retry = asyncio.create_task(sender(pacer, log, clock)(7, 1, True))
    await let_tasks_run()
    assert not retry.done()  # Discord counted the failed request
    await clock.advance(2.0)
    assert retry.done() and log == [(7, 1, 2.0)]
