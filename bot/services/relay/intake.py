"""Incoming relay events survive a database blip (issue 11, item 4).

A new post, a reply, an edit or a delete whose handling fails because the database is out of
reach is held here, in arrival order, and handed to the relay again by a background task
retrying with backoff. While anything is held, later events queue behind it, so per thread
order is kept and an edit or delete never overtakes the message it applies to.

The buffer is bounded: past ``capacity`` an event is dropped (logged loudly, counted) and so is
every later event of its channel until the buffer drains, keeping that channel's order; the
channel is then read back from the first dropped message (``set_recovery``), as the start-up
back-fill does after a stop. A drop of an edit or delete of a message stored earlier cannot be
recovered that way; the log names it.

Discord-free: events are plain values carrying the callable that applies them.
"""

from __future__ import annotations

import asyncio
import bisect
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.services.log_redaction import error_trace
from bot.services.relay.faults import Fault, classify, retry_delay

log = logging.getLogger(__name__)

DEFAULT_CAPACITY = 2000
FIRST_RETRY = timedelta(seconds=1)
LONGEST_RETRY = timedelta(seconds=60)

Recovery = Callable[[dict[int, int]], Awaitable[None]]


def is_outage(error: BaseException) -> bool:
    """The database (or the connection to it) is unavailable: worth holding the event."""
    return classify(error) in (Fault.CONNECTION, Fault.TIMEOUT)


@dataclass(frozen=True)
class IncomingEvent:
    """One gateway event for the relay: ``apply`` does what the listener does with it."""

    kind: str  # "message", "edit", "delete": for the logs
    channel_id: int  # where the message lives (a thread or a channel): its order key
    message_id: int
    apply: Callable[[], Awaitable[object]]


@dataclass
class IntakeCounts:
    """Plain counters until metrics are wired (a later issue)."""

    buffered: int = 0
    flushed: int = 0
    dropped: int = 0


@dataclass(order=True)
class _Held:
    sequence: int
    event: IncomingEvent = field(compare=False)


class IntakeBuffer:
    """Holds incoming events while the database is out; flushes them, in order, once it answers."""

    def __init__(
        self,
        *,
        capacity: int = DEFAULT_CAPACITY,
        first_retry: timedelta = FIRST_RETRY,
        longest_retry: timedelta = LONGEST_RETRY,
    ) -> None:
        self.capacity = capacity
        self.counts = IntakeCounts()
        # How long held events wait before the first retry (doubling up to longest_retry).
        self.first_retry = first_retry
        self._longest_retry = longest_retry
        self._sequence = itertools.count()
        self._held: list[_Held] = []
        # channel id -> first message id dropped by overflow (read back once drained)
        self._dropped_from: dict[int, int] = {}
        self._recovery: Recovery | None = None
        self._flusher: asyncio.Task[None] | None = None
        self._recovering: asyncio.Task[None] | None = None
        self._woken = False  # retry_now() came: the next pause is skipped or cut short
        self._nap: asyncio.Future[None] | None = None

    def __len__(self) -> int:
        return len(self._held)

    @property
    def held(self) -> list[IncomingEvent]:
        """What waits, oldest first."""
        return [held.event for held in self._held]

    def set_recovery(self, recovery: Recovery) -> None:
        """How channels that lost events to overflow are read back (channel -> first lost id)."""
        self._recovery = recovery

    async def submit(self, event: IncomingEvent) -> bool:
        """Apply ``event`` now, or hold it if the database is out (or others wait before it).

        Returns True when it was applied now. Errors other than an outage propagate, as they
        would from the listener.
        """
        sequence = next(self._sequence)  # taken before any await: gateway order
        if self._held or self._flushing:
            self._hold(_Held(sequence, event), None)
            return False
        try:
            await event.apply()
        except Exception as error:
            if not is_outage(error):
                raise
            self._hold(_Held(sequence, event), error)
            return False
        return True

    async def flushed(self) -> None:
        """Wait until nothing is held and channels that lost events to overflow are read back."""
        while self._flushing or (self._recovering is not None and not self._recovering.done()):
            task = self._flusher if self._flushing else self._recovering
            assert task is not None
            await asyncio.shield(task)

    async def drain(self, grace_seconds: float) -> int:
        """At shutdown: try once more now, give the flush ``grace_seconds``, then stop it and
        log what is still held (the back-fill of the next start reads those back)."""
        self.retry_now()
        flusher = self._flusher
        if flusher is not None and not flusher.done():
            await asyncio.wait({flusher}, timeout=grace_seconds)
            if not flusher.done():
                flusher.cancel()
                await asyncio.gather(flusher, return_exceptions=True)
        if self._held:
            firsts: dict[int, int] = {}
            for held in self._held:
                firsts.setdefault(held.event.channel_id, held.event.message_id)
            log.error(
                "shutdown: %d incoming events still held (database unreachable); first per "
                "channel %s: read back by the next start's back-fill",
                len(self._held),
                firsts,
            )
        return len(self._held)

    @property
    def _flushing(self) -> bool:
        return self._flusher is not None and not self._flusher.done()

    def _hold(self, held: _Held, error: BaseException | None) -> None:
        event = held.event
        if event.channel_id in self._dropped_from or len(self._held) >= self.capacity:
            self._drop(event)
            return
        bisect.insort(self._held, held)
        self.counts.buffered += 1
        log.warning(
            "database unreachable (%s): %s %s in channel %s held (%d waiting)",
            type(error).__name__ if error else "earlier events wait",
            event.kind,
            event.message_id,
            event.channel_id,
            len(self._held),
        )
        if not self._flushing:
            self._flusher = asyncio.create_task(self._flush(), name="relay-intake-flush")

    def _drop(self, event: IncomingEvent) -> None:
        self.counts.dropped += 1
        first = self._dropped_from.setdefault(event.channel_id, event.message_id)
        log.error(
            "INTAKE BUFFER FULL (%d held): %s %s in channel %s dropped; the channel is read "
            "back from message %s once the database answers%s",
            len(self._held),
            event.kind,
            event.message_id,
            event.channel_id,
            first,
            "" if event.kind == "message" else " (an edit/delete of an older message is lost)",
        )

    async def _flush(self) -> None:
        failures = 0
        while self._held:
            delay = retry_delay(
                max(failures, 1),
                base=self.first_retry,
                cap=max(self.first_retry, self._longest_retry),
            )
            await self._pause(delay)
            failures = await self._flush_in_order(failures)
        if self._dropped_from:  # outside the flush: what it reads back is applied directly
            self._recovering = asyncio.create_task(
                self._recover_dropped(), name="relay-intake-recover"
            )

    async def _flush_in_order(self, failures: int) -> int:
        """Apply held events oldest first; the failure count after the first outage, or 0."""
        while self._held:
            held = self._held[0]
            try:
                await held.event.apply()
            except Exception as error:
                if is_outage(error):
                    return failures + 1
                # By ids and error type: the error's text may quote the member's message.
                log.error(  # noqa: TRY400 (the full traceback would end with that text)
                    "held %s %s failed; dropped\n%s",
                    held.event.kind,
                    held.event.message_id,
                    error_trace(error),
                )
            else:
                self.counts.flushed += 1
            self._held.remove(held)  # an older event may have been inserted before it meanwhile
        log.info("database back: held events flushed (%d in all)", self.counts.flushed)
        return 0

    def holds_before(self, channel_id: int, message_id: int) -> bool:
        """An older message of that thread (or channel) waits here: a newer one must not be
        mirrored before it."""
        return any(
            held.event.kind == "message"
            and held.event.channel_id == channel_id
            and held.event.message_id < message_id
            for held in self._held
        )

    def retry_now(self) -> None:
        """Try the held events again at once (the database is back; or shutdown: one more try).
        Later tries keep their backoff."""
        self._woken = True
        if self._nap is not None:
            self._nap.cancel()

    async def _pause(self, delay: timedelta) -> None:
        # A plain timer (a wake cancels it), so anything watching the loop sees a sleep.
        if not self._woken:
            self._nap = asyncio.ensure_future(asyncio.sleep(delay.total_seconds()))
            try:
                await self._nap
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if current is not None and current.cancelling():
                    raise  # the flusher itself is being stopped
            finally:
                self._nap = None
        self._woken = False

    async def _recover_dropped(self) -> None:
        dropped, self._dropped_from = self._dropped_from, {}
        if not dropped:
            return
        if self._recovery is None:
            log.error("events dropped in channels %s: read back at the next start", dropped)
            return
        try:
            await self._recovery(dropped)
        except Exception:
            log.exception("reading back channels %s failed: the next start does", dropped)
