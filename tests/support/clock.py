"""A clock a test moves by hand, given to the bot or a service instead of patching ``_clock``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class MovableClock:
    """Wall-clock time (call it) and monotonic seconds (``monotonic``), both moved by ``advance``.

    Without ``start`` the wall clock follows the real time plus what was advanced, so a
    scenario runs as it would on the real clock until the test jumps ahead; with ``start`` it
    stands still until advanced. The monotonic seconds only move with ``advance``.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._start = start
        self._offset = timedelta()

    def __call__(self) -> datetime:
        base = self._start if self._start is not None else datetime.now(UTC)
        return base + self._offset

    def monotonic(self) -> float:
        return self._offset.total_seconds()

    def advance(self, by: timedelta) -> None:
        if by < timedelta():
            raise ValueError("a clock only moves forward")
        self._offset += by
