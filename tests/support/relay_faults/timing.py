"""Virtual time for fault scenarios: Discord's real pacing limits without real waiting, the bot's
wall clock moving with it, and the retry sweep firing at its production interval.

The send pacer sleeps on ``FaultTime``; each sleep jumps the virtual clock (as
``demo.virtual_time.SkippingTime`` does) and moves the bot's wall clock by as much, so a relay
stored at the start of a burst that is still queued 60 paced seconds later looks due to the
sweep, as it would in production. Every ``sweep_every`` virtual seconds the sweep is started
as a task, beside the burst (never awaited inline: in production it runs concurrently).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from tests.support.clock import MovableClock

Sweep = Callable[[], Awaitable[object]]


class FaultTime:
    def __init__(self, wall: MovableClock, *, stop_at: float = float("inf")) -> None:
        self.wall = wall
        self.stop_at = stop_at  # a sleep that would wake at or after this parks until release
        self.parked: list[asyncio.Future[None]] = []
        self.sweep: Sweep | None = None
        self.sweep_every = 0.0
        self.sweeps: list[asyncio.Task[object]] = []
        self._now = 0.0
        self._next_sweep = float("inf")

    def now(self) -> float:
        return self._now

    def sweep_during(self, sweep: Sweep, every_seconds: float) -> None:
        """Start ``sweep`` every ``every_seconds`` of virtual time from now on."""
        self.sweep, self.sweep_every = sweep, every_seconds
        self._next_sweep = self._now + every_seconds

    def stop_sweeping(self) -> None:
        self.sweep, self._next_sweep = None, float("inf")

    async def sleep(self, seconds: float) -> None:
        wake_at = self._now + max(0.0, seconds)
        if wake_at >= self.stop_at:
            await self._park()
        await asyncio.sleep(0)  # let others run, as a real sleep would
        self._advance_to(wake_at)

    async def _park(self) -> None:
        parked = asyncio.get_running_loop().create_future()
        self.parked.append(parked)
        await parked  # SimCord's settle() does not return while a send is parked here

    def release(self) -> None:
        """The clock runs on: parked sends continue (each after its own wait)."""
        self.stop_at = float("inf")
        for parked in self.parked:
            if not parked.done():
                parked.set_result(None)
        self.parked.clear()

    def _advance_to(self, moment: float) -> None:
        if moment <= self._now:
            return
        self.wall.advance(timedelta(seconds=moment - self._now))
        self._now = moment
        if self.sweep is None or self._next_sweep > self._now:
            return
        while self._next_sweep <= self._now:
            self._next_sweep += self.sweep_every
        # As APScheduler runs the job (max_instances=1, coalesce): never two sweeps at once,
        # and missed runs fold into one.
        if not any(not task.done() for task in self.sweeps):
            self.sweeps.append(asyncio.ensure_future(self.sweep()))

    async def sweeps_done(self) -> None:
        """Wait for every sweep started so far (they may start more: loop until none left)."""
        while pending := [task for task in self.sweeps if not task.done()]:
            # A sweep that raised is logged by the scheduler in production and runs again at
            # the next interval: what counts is what reached Discord.
            await asyncio.gather(*pending, return_exceptions=True)
