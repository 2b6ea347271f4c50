"""Per mirror thread, sends keep the order messages arrived in.

Translations of a burst still run concurrently (they share model batches); only the sends
wait. A ticket is taken before the first ``await`` (listeners start in gateway order), keyed
on the origin thread, which maps to exactly one mirror thread.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class ThreadOrder:
    """Per thread: the send that the next one must wait for."""

    tails: dict[int, asyncio.Future[None]] = field(default_factory=dict)

    def ticket(self, thread_id: int) -> tuple[asyncio.Future[None] | None, asyncio.Future[None]]:
        """(the previous send to wait for, if any; this send's own future)."""
        previous = self.tails.get(thread_id)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.tails[thread_id] = mine
        return previous, mine

    def done(self, thread_id: int, mine: asyncio.Future[None]) -> None:
        mine.set_result(None)
        if self.tails.get(thread_id) is mine:
            del self.tails[thread_id]
