"""Relay health per bridge: what is on its way or dead-lettered, and what moderators do about
it (the notice when a bridge starts failing: ``db.repositories.failure_notice``).

A relay belongs to the bridge whose channels hold its origin or its mirror channel. Only
relays not yet delivered are ever scanned (the status index), so these queries stay cheap
however many messages a bridge has carried.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    and_,
    case,
    func,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import RelayStatus
from db.models import Bridge, BridgeChannel, RelayedMessage

ON_THE_WAY = (RelayStatus.PENDING, RelayStatus.FAILED)
NOT_DELIVERED = (*ON_THE_WAY, RelayStatus.DEAD)
RETRYABLE = (RelayStatus.FAILED, RelayStatus.DEAD)


@dataclass(frozen=True)
class Trouble:
    """Relays of one bridge (or of the pen-pal pairs) not delivered yet."""

    on_the_way: int  # pending or failed: the retry sweep still sends them
    dead: int  # dead-lettered: waiting for a moderator
    last_fault: str | None  # the most recent failure's class (a Fault value)
    last_fault_channel_id: int | None  # where that relay was going

    @property
    def failing(self) -> bool:
        """Something went wrong (not merely messages still on their way)."""
        return self.dead > 0 or self.last_fault is not None


def in_bridge(bridge_id: int) -> ColumnElement[bool]:
    channels = select(BridgeChannel.channel_id).where(BridgeChannel.bridge_id == bridge_id)
    return or_(
        RelayedMessage.origin_channel_id.in_(channels),
        RelayedMessage.mirror_channel_id.in_(channels),
    )


def _dead_first() -> ColumnElement[int]:
    # The error that needs a moderator (a dead letter's) before a passing one.
    return case((RelayedMessage.status == RelayStatus.DEAD, 0), else_=1)


def _unleased(now: datetime) -> ColumnElement[bool]:
    # A relay some process is sending right now is left to that process.
    return or_(RelayedMessage.lease_until.is_(None), RelayedMessage.lease_until < now)


def _counts_and_last_fault(rows: Sequence[tuple[int, RelayStatus, str | None, int]]) -> Trouble:
    """``rows`` dead first, then newest first: (relay id, status, fault, mirror channel)."""
    dead = sum(1 for _, status, _, _ in rows if status is RelayStatus.DEAD)
    last = next(((fault, channel) for _, _, fault, channel in rows if fault), (None, None))
    return Trouble(len(rows) - dead, dead, last[0], last[1])


class RelayHealthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def bridge_troubles(self, guild_id: int) -> dict[int, Trouble]:
        """Each bridge of the guild with relays not delivered yet (others are absent)."""
        channels = await self._session.execute(
            select(BridgeChannel.channel_id, BridgeChannel.bridge_id)
            .join(Bridge, Bridge.id == BridgeChannel.bridge_id)
            .where(Bridge.guild_id == guild_id)
        )
        bridge_of: dict[int, int] = dict(channels.all())
        if not bridge_of:
            return {}
        # Counted per (origin, mirror) channel pair, then summed per bridge here: the query
        # reads the status index only, never every relay of the guild.
        undelivered = and_(
            RelayedMessage.status.in_(NOT_DELIVERED),
            or_(
                RelayedMessage.origin_channel_id.in_(bridge_of),
                RelayedMessage.mirror_channel_id.in_(bridge_of),
            ),
        )
        pair = (RelayedMessage.origin_channel_id, RelayedMessage.mirror_channel_id)
        counts = await self._session.execute(
            select(
                *pair,
                func.count(),
                func.count(case((RelayedMessage.status == RelayStatus.DEAD, 1))),
            )
            .where(undelivered)
            .group_by(*pair)
        )
        totals: dict[int, tuple[int, int]] = {}
        for origin, mirror, total, dead in counts:
            bridge_id = bridge_of.get(origin, bridge_of.get(mirror))
            if bridge_id is not None:
                before = totals.get(bridge_id, (0, 0))
                totals[bridge_id] = (before[0] + total, before[1] + dead)
        last_faults = await self._last_faults(undelivered, bridge_of)
        troubles = {}
        for bridge_id, (total, dead) in totals.items():
            fault, channel_id = last_faults.get(bridge_id, (None, None))
            troubles[bridge_id] = Trouble(total - dead, dead, fault, channel_id)
        return troubles

    async def _last_faults(
        self, undelivered: ColumnElement[bool], bridge_of: dict[int, int]
    ) -> dict[int, tuple[str, int]]:
        pair = (RelayedMessage.origin_channel_id, RelayedMessage.mirror_channel_id)
        order = (_dead_first(), RelayedMessage.updated_at.desc(), RelayedMessage.id.desc())
        ranked = (
            select(
                *pair,
                RelayedMessage.fault,
                _dead_first().label("dead_first"),
                RelayedMessage.updated_at,
                RelayedMessage.id,
                func.row_number().over(partition_by=pair, order_by=order).label("rank"),
            )
            .where(undelivered, RelayedMessage.fault.is_not(None))
            .subquery()
        )
        rows = await self._session.execute(
            select(
                ranked.c.origin_channel_id,
                ranked.c.mirror_channel_id,
                ranked.c.fault,
                ranked.c.dead_first,
                ranked.c.updated_at,
                ranked.c.id,
            ).where(ranked.c.rank == 1)
        )
        best: dict[int, tuple[tuple[int, float, int], str, int]] = {}
        for origin, mirror, fault, dead_first, updated_at, relay_id in rows:
            bridge_id = bridge_of.get(origin, bridge_of.get(mirror))
            if bridge_id is None:
                continue
            # The same order as the query's, across the bridge's channel pairs.
            key = (dead_first, -updated_at.timestamp(), -relay_id)
            if bridge_id not in best or key < best[bridge_id][0]:
                best[bridge_id] = (key, fault, mirror)
        return {bridge_id: (fault, mirror) for bridge_id, (_, fault, mirror) in best.items()}

    async def penpal_trouble(self, guild_id: int) -> Trouble:
        """The guild's pen-pal relays not delivered yet, together."""
        rows = await self._session.execute(
            select(
                RelayedMessage.id,
                RelayedMessage.status,
                RelayedMessage.fault,
                RelayedMessage.mirror_channel_id,
            )
            .where(
                # "+ 0": compared, not looked up, so the status index is the one read (the
                # guild's index would visit every relay the guild ever had).
                RelayedMessage.guild_id + 0 == guild_id,
                RelayedMessage.penpal_pair_id.is_not(None),
                RelayedMessage.status.in_(NOT_DELIVERED),
            )
            .order_by(_dead_first(), RelayedMessage.updated_at.desc(), RelayedMessage.id.desc())
        )
        return _counts_and_last_fault([(row[0], row[1], row[2], row[3]) for row in rows])

    async def retry_now(self, bridge_id: int, now: datetime) -> int:
        """Failed and dead relays of the bridge go back on their way at once, with a fresh
        count of attempts; returns how many."""
        result = await self._session.execute(
            update(RelayedMessage)
            .where(
                in_bridge(bridge_id),
                RelayedMessage.status.in_(RETRYABLE),
                _unleased(now),
            )
            .values(
                status=RelayStatus.PENDING,
                attempts=0,
                next_retry_at=now,
                fault=None,
                last_error=None,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        return rowcount(result)

    async def discard_dead(self, bridge_id: int, now: datetime) -> tuple[int, int]:
        """Dead relays of the bridge are given up (never sent). A deleted original whose
        mirror is still up stays dead: giving it up would leave that mirror for good.
        Returns (discarded, kept)."""
        mirror_still_up = and_(
            RelayedMessage.is_deleted,
            RelayedMessage.mirror_message_id.is_not(None),
            not_(RelayedMessage.mirror_removed),
        )
        dead = and_(in_bridge(bridge_id), RelayedMessage.status == RelayStatus.DEAD)
        result = await self._session.execute(
            update(RelayedMessage)
            .where(dead, not_(mirror_still_up), _unleased(now))
            .values(status=RelayStatus.DISCARDED, next_retry_at=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        kept = await self._session.scalar(
            select(func.count()).select_from(RelayedMessage).where(dead)
        )
        return rowcount(result), kept or 0

    async def backlog(self) -> int:
        """Relays still to be sent (served by the (status, next_retry_at) index)."""
        waiting = RelayedMessage.status.in_((RelayStatus.PENDING, RelayStatus.FAILED))
        count = await self._session.scalar(
            select(func.count()).select_from(RelayedMessage).where(waiting)
        )
        return count or 0


def rowcount(result: object) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)
