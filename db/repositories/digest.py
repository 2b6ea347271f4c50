"""Posted digests: claim a guild-week before posting so it is posted exactly once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import DigestStatus
from db.models import PostedDigest

_ISO_WEEK = re.compile(r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])")


def _check_week(week: str) -> None:
    if not _ISO_WEEK.fullmatch(week):
        raise ValueError(f"not an ISO week (YYYY-Www): {week!r}")


class DigestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, guild_id: int, week: str) -> PostedDigest | None:
        """The record of a guild's digest for ``week``, if any process claimed it."""
        return await self._session.scalar(
            select(PostedDigest).where(PostedDigest.guild_id == guild_id, PostedDigest.week == week)
        )

    async def claim_week(self, guild_id: int, week: str, claimed_by: str, now: datetime) -> bool:
        """Try to become the one poster of this guild-week; True only for the caller that won.

        The UNIQUE (guild_id, week) constraint decides between concurrent processes. The
        insert runs in a savepoint so that losing leaves the caller's transaction usable.
        """
        _check_week(week)
        claim = PostedDigest(
            guild_id=guild_id,
            week=week,
            status=DigestStatus.CLAIMED,
            claimed_by=claimed_by,
            claimed_at=now,
            message_ids=[],
        )
        try:
            async with self._session.begin_nested():
                self._session.add(claim)
        except IntegrityError:
            # Only a row that exists means "someone else claimed it"; anything else (a missing
            # guild row, say) is a real error.
            if await self.get(guild_id, week) is None:
                raise
            return False
        return True

    async def mark_posted(
        self, guild_id: int, week: str, message_ids: Sequence[int], now: datetime
    ) -> bool:
        """Record a claimed digest as posted; False if there is no claimed row to complete."""
        digest = await self._claimed(guild_id, week)
        if digest is None:
            return False
        digest.status = DigestStatus.POSTED
        digest.posted_at = now
        digest.message_ids = list(message_ids)
        await self._session.flush()
        return True

    async def mark_skipped(self, guild_id: int, week: str, reason: str) -> bool:
        """Record a claimed week as deliberately not posted (nothing to show, disabled…)."""
        digest = await self._claimed(guild_id, week)
        if digest is None:
            return False
        digest.status = DigestStatus.SKIPPED
        digest.skip_reason = reason[:200]
        await self._session.flush()
        return True

    async def _claimed(self, guild_id: int, week: str) -> PostedDigest | None:
        digest = await self.get(guild_id, week)
        if digest is None or digest.status != DigestStatus.CLAIMED:
            return None
        return digest
