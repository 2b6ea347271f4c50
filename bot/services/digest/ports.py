"""The digest's two seams: what the publisher needs from Discord (the digest cog implements
it) and from the selection/rendering side (``WeeklyDigestComposer``; scenarios about posting
pass their own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.services.digest.weeks import IsoWeek


class DigestChannelUnavailableError(Exception):
    """The digest channel is gone or Yiqi may not post there (a setting to fix, not a retry)."""


@dataclass(frozen=True)
class DigestChart:
    """The chart of the week: a PNG, posted in its own message after the digest's text."""

    png: bytes
    filename: str
    caption: str  # the message's text
    alt_text: str  # the attachment's description (Discord: at most 1,024 characters)


class DigestPoster(Protocol):
    async def send(self, channel_id: int, content: str, *, chart: DigestChart | None = None) -> int:
        """Post ``content`` (no pings) in the channel, with the chart attached if given; the
        new message's id.

        Raises ``DigestChannelUnavailableError`` when the channel is missing or forbidden.
        """

    async def own_messages_since(self, channel_id: int, since: datetime) -> list[int]:
        """Ids of the messages Yiqi itself posted in the channel after ``since``, oldest first."""


class DigestComposer(Protocol):
    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The guild's digest of ``week``, as message contents within Discord's message limit."""

    async def chart(self, guild_id: int, week: IsoWeek) -> DigestChart | None:
        """The chart of ``week`` (None: nothing to draw). May fail: the digest goes out without."""
