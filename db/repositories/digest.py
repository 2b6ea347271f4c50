"""Posted digests: claim a guild-week before posting so it is posted exactly once."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import DigestStatus
from db.models import PostedDigest
from db.models.digest import SKIP_REASON_LENGTH

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

    async def claim_week(
        self,
        guild_id: int,
        week: str,
        claimed_by: str,
        now: datetime,
        *,
        channel_id: int | None = None,
    ) -> bool:
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
            channel_id=channel_id,
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

    async def take_over(
        self,
        guild_id: int,
        week: str,
        claimed_by: str,
        now: datetime,
        *,
        stale_before: datetime,
    ) -> bool:
        """Take a claim whose holder stopped renewing it before ``stale_before``.

        One conditional UPDATE: when several processes try at once, exactly one matches the row.
        """
        statement = (
            update(PostedDigest)
            .where(
                PostedDigest.guild_id == guild_id,
                PostedDigest.week == week,
                PostedDigest.status == DigestStatus.CLAIMED,
                PostedDigest.claimed_at < stale_before,
            )
            .values(claimed_by=claimed_by, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        return await self._changed_one(statement)

    async def reclaim_skipped(
        self, guild_id: int, week: str, claimed_by: str, now: datetime, *, channel_id: int
    ) -> bool:
        """Claim a week that was skipped (never posted), e.g. to post it by hand after all."""
        statement = (
            update(PostedDigest)
            .where(
                PostedDigest.guild_id == guild_id,
                PostedDigest.week == week,
                PostedDigest.status == DigestStatus.SKIPPED,
            )
            .values(
                status=DigestStatus.CLAIMED,
                claimed_by=claimed_by,
                claimed_at=now,
                channel_id=channel_id,
                skip_reason=None,
                message_ids=[],
            )
            .execution_options(synchronize_session=False)
        )
        return await self._changed_one(statement)

    async def renew(
        self,
        guild_id: int,
        week: str,
        claimed_by: str,
        now: datetime,
        message_ids: Sequence[int] | None = None,
    ) -> bool:
        """Renew the caller's claim (and record the messages sent so far); False if it lost it."""
        values: dict[str, Any] = {"claimed_at": now}
        if message_ids is not None:
            values["message_ids"] = list(message_ids)
        statement = (
            update(PostedDigest)
            .where(
                PostedDigest.guild_id == guild_id,
                PostedDigest.week == week,
                PostedDigest.status == DigestStatus.CLAIMED,
                PostedDigest.claimed_by == claimed_by,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return await self._changed_one(statement)

    async def _changed_one(self, statement: Any) -> bool:
        result = await self._session.execute(statement)
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    async def mark_posted(
        self,
        guild_id: int,
        week: str,
        message_ids: Sequence[int],
        now: datetime,
        *,
        claimed_by: str | None = None,
    ) -> bool:
        """Record a claimed digest as posted; False if there is no claimed row to complete
        (or, with ``claimed_by``, if that process no longer holds the claim)."""
        digest = await self._claimed(guild_id, week)
        if digest is None or (claimed_by is not None and digest.claimed_by != claimed_by):
            return False
        digest.status = DigestStatus.POSTED
        digest.posted_at = now
        digest.message_ids = list(message_ids)
        await self._session.flush()
        return True

    async def mark_skipped(
        self, guild_id: int, week: str, reason: str, *, claimed_by: str | None = None
    ) -> bool:
        """Record a claimed week as deliberately not posted (nothing to show, disabled…)."""
        digest = await self._claimed(guild_id, week)
        if digest is None or (claimed_by is not None and digest.claimed_by != claimed_by):
            return False
        digest.status = DigestStatus.SKIPPED
        digest.skip_reason = reason[:SKIP_REASON_LENGTH]
        await self._session.flush()
        return True

    async def _claimed(self, guild_id: int, week: str) -> PostedDigest | None:
        digest = await self.get(guild_id, week)
        if digest is None or digest.status != DigestStatus.CLAIMED:
            return None
        return digest
