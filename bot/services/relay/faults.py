"""What went wrong with a relay, in classes that decide what happens next (SPEC: relay faults).

Transient faults (Discord busy or down, rate limits, timeouts, lost connections, a database
blip) are retried with backoff and jitter; permanent ones (missing permission, a request
Discord refuses, a channel that no longer exists) stop after a few attempts in the visible
dead-letter state. Services see Discord's errors only through their attributes (``status``,
``code``), so this module stays Discord-free.
"""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from enum import StrEnum

# Discord's JSON error codes that matter here (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
UNKNOWN_WEBHOOK = 10015
MISSING_ACCESS = 50001
MISSING_PERMISSIONS = 50013


class Fault(StrEnum):
    """A relay failure's class, stored with the relay and shown to moderators in words."""

    RATE_LIMITED = "rate_limited"
    DISCORD_UNAVAILABLE = "discord_unavailable"  # 5xx
    TIMEOUT = "timeout"  # the outcome of a send is unknown
    CONNECTION = "connection"  # the network or the database went away
    TRANSLATION = "translation"  # the model failed on this text
    MISSING_PERMISSIONS = "missing_permissions"
    REJECTED = "rejected"  # 400: Discord refuses the request as it is
    CHANNEL_GONE = "channel_gone"
    MESSAGE_GONE = "message_gone"  # the mirror to edit or delete no longer exists
    UNKNOWN = "unknown"

    @property
    def permanent(self) -> bool:
        """Retrying cannot help; a moderator must change something first."""
        return self in _PERMANENT

    @property
    def outcome_unknown(self) -> bool:
        """Discord may have accepted the request before the answer was lost."""
        return self in (Fault.TIMEOUT, Fault.CONNECTION, Fault.DISCORD_UNAVAILABLE)


_PERMANENT = frozenset(
    {Fault.MISSING_PERMISSIONS, Fault.REJECTED, Fault.CHANNEL_GONE, Fault.MESSAGE_GONE}
)


def classify(error: BaseException) -> Fault:
    """The class of ``error`` raised by a send, an edit, a translation or the database."""
    status = getattr(error, "status", None)
    code = getattr(error, "code", 0)
    if isinstance(status, int):  # an HTTP answer from Discord
        if status == 429:
            return Fault.RATE_LIMITED
        if status >= 500:
            return Fault.DISCORD_UNAVAILABLE
        if code == UNKNOWN_MESSAGE:
            return Fault.MESSAGE_GONE
        if code == UNKNOWN_CHANNEL or status == 404:
            return Fault.CHANNEL_GONE
        if status == 403 or code in (MISSING_ACCESS, MISSING_PERMISSIONS):
            return Fault.MISSING_PERMISSIONS
        if 400 <= status < 500:
            return Fault.REJECTED
    if isinstance(error, TimeoutError | asyncio.TimeoutError):
        return Fault.TIMEOUT
    if isinstance(error, ConnectionError | OSError) or _is_database_outage(error):
        return Fault.CONNECTION
    return Fault.UNKNOWN


def _is_database_outage(error: BaseException) -> bool:
    # SQLAlchemy's OperationalError / InterfaceError and invalidated connections; matched by
    # name so the class also covers the drivers' own errors wrapped in them.
    if getattr(error, "connection_invalidated", False):
        return True
    names = {cls.__name__ for cls in type(error).__mro__}
    return bool(names & {"OperationalError", "InterfaceError", "ClientConnectionError"})


def retry_delay(
    attempts: int,
    *,
    base: timedelta = timedelta(seconds=10),
    cap: timedelta = timedelta(hours=1),
    jitter: float = 0.2,
    rng: random.Random | None = None,
) -> timedelta:
    """Delay before the next try after ``attempts`` failed ones: base, 2x, 4x … up to ``cap``,
    spread by ±``jitter`` so relays that failed together do not retry together."""
    factor: int = 2 ** min(max(attempts, 1) - 1, 32)  # bounded: no timedelta overflow
    delay = min(cap, base * factor)
    spread = (rng or random).uniform(1 - jitter, 1 + jitter)
    return delay * spread
