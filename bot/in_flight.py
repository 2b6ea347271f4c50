"""Relay work under way, so a shutdown can let it finish before closing (SPEC §7).

Listeners that relay wrap their work in ``track()``. ``drain`` waits for that work, bounded by
the shutdown grace period, then cancels what is left. The cancel loses nothing stored: the
relay stores every message before it sends it, and the retry sweep of the next start
delivers what was stored but not sent.

A cancel loses nothing stored and doubles nothing: the relay records each post as an attempt
before making it, so one cancelled between Discord's answer and recording the delivery is
looked for (and found) after the restart instead of sent again. The one edge: a relay still in
its first step (storing the message, or for a new post the similar-question lookup before it)
is not stored yet; the start-up back-fill reads it from the channel's history.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

log = logging.getLogger(__name__)


class InFlight:
    """The tasks doing relay work right now."""

    def __init__(self) -> None:
        self._tasks: dict[asyncio.Task[object], int] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    @asynccontextmanager
    async def track(self) -> AsyncIterator[None]:
        """Count the current task as in flight while the block runs (nesting is fine)."""
        task = asyncio.current_task()
        assert task is not None
        self._tasks[task] = self._tasks.get(task, 0) + 1
        try:
            yield
        finally:
            left = self._tasks.pop(task) - 1
            if left:
                self._tasks[task] = left

    async def drain(self, grace_seconds: float) -> int:
        """Wait up to ``grace_seconds`` for tracked work; cancel the rest; return how many.

        Work that starts while draining (a message that arrived meanwhile) is waited for too.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace_seconds
        await asyncio.sleep(0)  # listeners scheduled just now enter track() on their first step
        while pending := self._others():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await asyncio.wait(pending, timeout=remaining)
        if not pending:
            return 0
        log.warning("shutdown: %d relays unfinished after the grace period; kept", len(pending))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        return len(pending)

    def _others(self) -> set[asyncio.Task[object]]:
        current = asyncio.current_task()
        return {task for task in self._tasks if task is not current and not task.done()}
