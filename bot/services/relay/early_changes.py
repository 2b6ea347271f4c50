"""Edits and deletes that overtake the store of the message they change.

Discord's events for one message arrive in order, but each is handled in its own task: on
PostgreSQL (several connections) a delete can look for the relay before the new message's
transaction committed, find nothing, and the mirror would be posted anyway. So a change is
noted here *before* its handler looks for the relay, and the message's own handler looks
here *after* its relay is stored. asyncio runs one task at a time, so one of the two always
sees the other: the change looked after the commit (and found the row), or it was noted
before the relay's look (which applies it).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Long enough for a message held behind a slow translation or a database retry; the
# intake buffer keeps an edit or delete behind its message, so longer outages need nothing.
KEEP_SECONDS = 900.0
MAX_NOTED = 10_000  # the oldest are forgotten first


@dataclass(frozen=True)
class EarlyChange:
    deleted: bool
    text: str | None  # the latest edit, when there was one


class EarlyChanges:
    """Recent edits and deletes by origin message id (one process's gateway events)."""

    def __init__(self, now: Callable[[], float] = time.monotonic) -> None:
        self._now = now
        self._noted: OrderedDict[int, tuple[float, EarlyChange]] = OrderedDict()

    def deleted(self, message_ids: Iterable[int]) -> None:
        for message_id in message_ids:
            self._note(message_id, EarlyChange(deleted=True, text=None))

    def edited(self, message_id: int, text: str) -> None:
        before = self.get(message_id)
        self._note(message_id, EarlyChange(deleted=before.deleted if before else False, text=text))

    def get(self, message_id: int) -> EarlyChange | None:
        self._expire()
        noted = self._noted.get(message_id)
        return noted[1] if noted else None

    def _note(self, message_id: int, change: EarlyChange) -> None:
        self._noted[message_id] = (self._now(), change)
        self._noted.move_to_end(message_id)
        while len(self._noted) > MAX_NOTED:
            self._noted.popitem(last=False)

    def _expire(self) -> None:
        limit = self._now() - KEEP_SECONDS
        while self._noted:
            noted_at, _ = next(iter(self._noted.values()))
            if noted_at >= limit:
                return
            self._noted.popitem(last=False)
