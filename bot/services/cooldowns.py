"""Per-member limits on the commands that cost CPU (translating, searching, a digest preview).

A member may use a command ``uses`` times within any ``seconds``-long window, counted per
(guild, user): one member's burst never slows another. Counts live in memory (a restart
forgets them, which costs at most one extra window of work).
"""

from __future__ import annotations

import math
import re
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.clock import Clock

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*s?\s*$")
# Past this many members remembered, those whose window has passed are forgotten.
_PRUNE_AT = 10_000


@dataclass(frozen=True)
class Rate:
    uses: int
    seconds: float

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"5/60"``: five uses per 60 seconds (``"0/…"`` is refused: use a long window)."""
        match = _RATE.match(text)
        if match is None or int(match[1]) < 1 or float(match[2]) <= 0:
            raise ValueError(f"a rate is USES/SECONDS with both above 0, e.g. 5/60: {text!r}")
        return cls(int(match[1]), float(match[2]))

    def __str__(self) -> str:
        return f"{self.uses}/{self.seconds:g}"


class MemberCooldown:
    """One command's limit: ``use`` counts a use, or says how long until the next is allowed."""

    def __init__(self, rate: Rate, clock: Clock) -> None:
        self.rate = rate
        self._clock = clock
        self._window = timedelta(seconds=rate.seconds)
        self._uses: dict[tuple[int, int], deque[datetime]] = {}

    def use(self, guild_id: int | None, user_id: int) -> int | None:
        """None when the member may go ahead (the use is counted); else whole seconds to wait."""
        now = self._clock()
        key = (guild_id or 0, user_id)
        recent = self._uses.setdefault(key, deque())
        while recent and recent[0] <= now - self._window:
            recent.popleft()
        if len(recent) >= self.rate.uses:
            wait = (recent[0] + self._window - now).total_seconds()
            return max(1, math.ceil(wait))
        recent.append(now)
        if len(self._uses) > _PRUNE_AT:
            self._forget_idle(now)
        return None

    def _forget_idle(self, now: datetime) -> None:
        idle = [k for k, times in self._uses.items() if times[-1] <= now - self._window]
        for key in idle:
            del self._uses[key]


@dataclass(frozen=True)
class CommandCooldowns:
    """The limited commands, each with its own count."""

    translate: MemberCooldown
    ask: MemberCooldown
    digest_preview: MemberCooldown
    pinyin: MemberCooldown
    # Public posts and edits made through a menu: a correction card, an improved mirror.
    correct: MemberCooldown
    improve: MemberCooldown
