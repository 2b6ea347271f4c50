"""The one "now": an aware UTC datetime, and the type of a clock that can be passed in.

The composition root (``YiqiBot``) owns the clock and hands it to every service, so tests
move time by giving the bot a clock instead of patching services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (the only kind the database stores)."""
    return datetime.now(UTC)
