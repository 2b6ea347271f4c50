"""What the digest's scheduling side needs from its selection/rendering side."""

from __future__ import annotations

from typing import Protocol

from bot.services.digest.weeks import IsoWeek
from bot.services.message_packing import MESSAGE_LIMIT

__all__ = ["MESSAGE_LIMIT", "DigestComposer"]


class DigestComposer(Protocol):
    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The guild's digest of ``week``, as message contents of at most ``MESSAGE_LIMIT``."""
