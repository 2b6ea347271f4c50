"""What the digest's scheduling side needs from its selection/rendering side."""

from __future__ import annotations

from typing import Protocol

from bot.services.digest.weeks import IsoWeek

# Discord's limit on a message's content.
MESSAGE_LIMIT = 2000


class DigestComposer(Protocol):
    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        """The guild's digest of ``week``, as message contents of at most ``MESSAGE_LIMIT``."""
