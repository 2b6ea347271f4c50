"""Capped exponential backoff for waits on a server that may not be up yet (start-up)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """``attempts`` tries, waiting ``first`` seconds after the first failure, doubling up to
    ``cap``."""

    attempts: int = 10
    first: float = 1.0
    cap: float = 30.0

    def delays(self) -> Iterator[float]:
        """The wait after each failed attempt but the last."""
        delay = self.first
        for _ in range(self.attempts - 1):
            yield delay
            delay = min(delay * 2, self.cap)
