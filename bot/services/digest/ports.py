"""The digest's two seams: what the publisher needs from Discord (the digest cog implements
it) and from the selection/rendering side (``WeeklyDigestComposer``; scenarios about posting
pass their own)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.services.digest.weeks import IsoWeek


class DigestChannelUnavailableError(Exception):
    """The digest channel is gone or Yiqi may not post there (a setting to fix, not a retry)."""


class DigestPoster(Protocol):
    async def send(self, channel_id: int, content: str) -> int:
        """Post ``content`` (no pings) in the channel; the new message's id.

        Raises ``DigestChannelUnavailableError`` when the channel is missing or forbidden.
        """

    async def own_messages_since(self, channel_id: int, since: datetime) -> list[int]:
        """Ids of the messages Yiqi itself posted in the channel after ``since``, oldest first."""


class DigestComposer(Protocol):
    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The guild's digest of ``week``, as message contents within Discord's message limit."""
