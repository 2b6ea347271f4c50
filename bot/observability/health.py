"""Liveness (event-loop lag) and readiness (named checks, each bounded by a timeout)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

# A check answers "ready?"; raising or overrunning its timeout counts as "no".
ReadinessCheck = Callable[[], Awaitable[bool]]
LagProbe = Callable[[], Awaitable[float]]


async def loop_lag() -> float:
    """Seconds between asking the loop to run a callback and its running it.

    Measured on demand (no timer of its own: a bot-owned timer or task would keep SimCord's
    settle() from finishing). A loop blocked for longer than the prober's timeout does not
    answer at all, which the prober counts as failed too.
    """
    loop = asyncio.get_running_loop()
    ran = loop.create_future()
    asked = time.perf_counter()
    loop.call_soon(ran.set_result, None)
    await ran
    return time.perf_counter() - asked


@dataclass(frozen=True)
class Verdict:
    ok: bool
    detail: dict[str, object]


def liveness(lag: float, bound: float) -> Verdict:
    return Verdict(lag <= bound, {"event_loop_lag_seconds": round(lag, 6), "bound": bound})


async def readiness(checks: Mapping[str, ReadinessCheck], each_within: float) -> Verdict:
    """Every check at once, each within ``each_within`` seconds; ready only when all say yes."""
    names = list(checks)
    answers = await asyncio.gather(*(_bounded(checks[n], each_within) for n in names))
    results = dict(zip(names, answers, strict=True))
    return Verdict(all(results.values()), {"checks": results})


async def _bounded(check: ReadinessCheck, seconds: float) -> bool:
    try:
        async with asyncio.timeout(seconds):
            return await check()
    except Exception as error:  # a failing dependency is an answer ("not ready"), not a crash
        log.info("readiness check failed: %s", type(error).__name__)
        return False


async def database_answers(engine: AsyncEngine) -> bool:
    """The database runs a trivial statement (the caller bounds how long it may take)."""
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
    return True


class Throttled:
    """A value read at most every ``interval`` seconds (a scrape every few seconds must not
    turn into a COUNT query every few seconds); serves the last one in between."""

    def __init__(self, read: Callable[[], Awaitable[float]], interval: float) -> None:
        self._read = read
        self._interval = interval
        self._value: float | None = None
        self._read_at = -float("inf")

    async def value(self) -> float | None:
        now = time.monotonic()
        if now - self._read_at >= self._interval:
            self._read_at = now
            self._value = await self._read()
        return self._value
