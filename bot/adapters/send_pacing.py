"""Sends queued per webhook within Discord's rate limits (SPEC §3).

discord.py waits out a 429 when Discord answers one, but a relay burst would hit that wall
over and over (and a 429 storm can get a bot's IP banned for a while). So the webhook sink
asks a ``SendPacer`` for a turn before each request: requests through one webhook run one
at a time, in the order they asked, each when the webhook's buckets have a token. Other
webhooks never wait for it.

The numbers (Discord's documented and observed limits):

- ``WEBHOOK_REQUESTS``: 5 requests per 2 s per webhook. Every execute, edit and delete counts.
- ``CHANNEL_MESSAGES``: 30 messages per 60 s into one channel through webhooks. Only new
  messages count. Yiqi keeps one webhook per bridged channel and counts a thread's messages
  against its parent channel, the cautious reading.

Discord-free, with the time source injected, so it is tested without sleeping.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Window:
    """At most ``count`` uses in any span of ``seconds``."""

    count: int
    seconds: float


WEBHOOK_REQUESTS = Window(count=5, seconds=2.0)
CHANNEL_MESSAGES = Window(count=30, seconds=60.0)


class TimeSource(Protocol):
    """A monotonic clock in seconds and a way to wait on it."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicTime:
    """The real clock."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class TokenBucket:
    """``window.count`` tokens; a token comes back ``window.seconds`` after it was spent.

    Returning each token one full window after its use (rather than refilling at a steady
    rate) keeps every span of ``window.seconds`` at ``window.count`` uses or fewer. Discord's
    buckets reset in fixed windows, and a steady refill could send nearly twice the count
    across one reset.
    """

    def __init__(self, window: Window) -> None:
        self.window = window
        self._spent: deque[float] = deque()

    def wait_time(self, now: float) -> float:
        """Seconds until a token is free (0 if one is free now)."""
        while self._spent and self._spent[0] + self.window.seconds <= now:
            self._spent.popleft()
        if len(self._spent) < self.window.count:
            return 0.0
        return self._spent[0] + self.window.seconds - now

    def spend(self, now: float) -> None:
        self._spent.append(now)


@dataclass
class _Lane:
    """One webhook's queue: a FIFO lock (asyncio.Lock wakes waiters in order) and buckets."""

    requests: TokenBucket
    messages: TokenBucket
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class SendPacer:
    """Per-key send turns within the key's buckets; keys (webhooks) are independent."""

    def __init__(
        self,
        time_source: TimeSource,
        *,
        requests: Window = WEBHOOK_REQUESTS,
        messages: Window = CHANNEL_MESSAGES,
    ) -> None:
        self._time = time_source
        self._requests, self._messages = requests, messages
        self._lanes: dict[int, _Lane] = {}

    @property
    def time_source(self) -> TimeSource:
        return self._time

    def _lane(self, key: int) -> _Lane:
        lane = self._lanes.get(key)
        if lane is None:
            lane = _Lane(TokenBucket(self._requests), TokenBucket(self._messages))
            self._lanes[key] = lane
        return lane

    @asynccontextmanager
    async def turn(self, key: int, *, new_message: bool) -> AsyncIterator[None]:
        """Hold ``key``'s turn for one request: wait in line, then for a token in each bucket.

        ``new_message``: the request posts a message (counts against the message bucket too);
        edits and deletes only count as requests. The turn lasts until the request returns,
        so the next one in line starts after it.
        """
        lane = self._lane(key)
        buckets = [lane.requests, lane.messages] if new_message else [lane.requests]
        async with lane.lock:
            while (delay := max(b.wait_time(self._time.now()) for b in buckets)) > 0:
                await self._time.sleep(delay)
            now = self._time.now()
            for bucket in buckets:
                bucket.spend(now)
            yield
