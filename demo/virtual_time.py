"""A clock that jumps instead of sleeping, for the simulated Discord (demo, tests, bench).

SimCord does not enforce Discord's rate limits, and waiting them out in real time would make a
1,000-reply burst take over half an hour. With this time source the send pacer still keeps
every limit, measured on this clock, while the simulation runs at full speed.
"""

from __future__ import annotations

import asyncio


class SkippingTime:
    """``sleep`` moves the clock forward instead of waiting; ``now`` reads it."""

    def __init__(self) -> None:
        self._now = 0.0

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        wake_at = self._now + max(0.0, seconds)
        await asyncio.sleep(0)  # let others run, as a real sleep would
        self._now = max(self._now, wake_at)
