"""Relay health per bridge: what is on its way or dead-lettered, what moderators do about it,
and the once-per-failure notice (``bridges.failure_noticed_at``).

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
    distinct,
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


@dataclass(frozen=True)
class NoticeTarget:
    """A bridge that started failing, with what its notice needs."""

    bridge_id: int
    guild_id: int


def _bridge_channels(bridge_id: int) -> ColumnElement[bool]:
    channels = select(BridgeChannel.channel_id).where(BridgeChannel.bridge_id == bridge_id)
    return or_(
        RelayedMessage.origin_channel_id.in_(channels),
        RelayedMessage.mirror_channel_id.in_(channels),
    )


def _in_bridge_channel() -> ColumnElement[bool]:
    return or_(
        BridgeChannel.channel_id == RelayedMessage.origin_channel_id,
        BridgeChannel.channel_id == RelayedMessage.mirror_channel_id,
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
        per_bridge = (
            select(
                BridgeChannel.bridge_id,
                func.count(distinct(RelayedMessage.id)),
                func.count(
                    distinct(case((RelayedMessage.status == RelayStatus.DEAD, RelayedMessage.id)))
                ),
            )
            .join(BridgeChannel, _in_bridge_channel())
            .where(
                RelayedMessage.guild_id == guild_id,
                RelayedMessage.status.in_(NOT_DELIVERED),
            )
            .group_by(BridgeChannel.bridge_id)
        )
        counts = {row[0]: (row[1], row[2]) for row in await self._session.execute(per_bridge)}
        last_faults = await self._last_faults(guild_id)
        troubles = {}
        for bridge_id, (total, dead) in counts.items():
            fault, channel_id = last_faults.get(bridge_id, (None, None))
            troubles[bridge_id] = Trouble(total - dead, dead, fault, channel_id)
        return troubles

    async def _last_faults(self, guild_id: int) -> dict[int, tuple[str, int]]:
        newest_first = func.row_number().over(
            partition_by=BridgeChannel.bridge_id,
            order_by=(_dead_first(), RelayedMessage.updated_at.desc(), RelayedMessage.id.desc()),
        )
        ranked = (
            select(
                BridgeChannel.bridge_id,
                RelayedMessage.fault,
                RelayedMessage.mirror_channel_id,
                newest_first.label("rank"),
            )
            .join(BridgeChannel, _in_bridge_channel())
            .where(
                RelayedMessage.guild_id == guild_id,
                RelayedMessage.status.in_(NOT_DELIVERED),
                RelayedMessage.fault.is_not(None),
            )
            .subquery()
        )
        rows = await self._session.execute(
            select(ranked.c.bridge_id, ranked.c.fault, ranked.c.mirror_channel_id).where(
                ranked.c.rank == 1
            )
        )
        return {bridge_id: (fault, channel) for bridge_id, fault, channel in rows}

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
                RelayedMessage.guild_id == guild_id,
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
                _bridge_channels(bridge_id),
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
        return _rowcount(result)

    async def discard_dead(self, bridge_id: int, now: datetime) -> tuple[int, int]:
        """Dead relays of the bridge are given up (never sent). A deleted original whose
        mirror is still up stays dead: giving it up would leave that mirror for good.
        Returns (discarded, kept)."""
        mirror_still_up = and_(
            RelayedMessage.is_deleted,
            RelayedMessage.mirror_message_id.is_not(None),
            not_(RelayedMessage.mirror_removed),
        )
        dead = and_(_bridge_channels(bridge_id), RelayedMessage.status == RelayStatus.DEAD)
        result = await self._session.execute(
            update(RelayedMessage)
            .where(dead, not_(mirror_still_up), _unleased(now))
            .values(status=RelayStatus.DISCARDED, next_retry_at=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        kept = await self._session.scalar(
            select(func.count()).select_from(RelayedMessage).where(dead)
        )
        return _rowcount(result), kept or 0

    async def bridges_starting_to_fail(self, failing_attempts: int) -> list[NoticeTarget]:
        """Bridges not noticed yet with a dead relay, or one that failed ``failing_attempts``
        times or more."""
        failing = or_(
            RelayedMessage.status == RelayStatus.DEAD,
            and_(
                RelayedMessage.status.in_(ON_THE_WAY),
                RelayedMessage.attempts >= failing_attempts,
            ),
        )
        rows = await self._session.execute(
            select(Bridge.id, Bridge.guild_id)
            .distinct()
            .select_from(RelayedMessage)
            .join(BridgeChannel, _in_bridge_channel())
            .join(Bridge, Bridge.id == BridgeChannel.bridge_id)
            .where(RelayedMessage.status.in_(NOT_DELIVERED), failing)
            .where(Bridge.failure_noticed_at.is_(None))
            .order_by(Bridge.id)
        )
        return [NoticeTarget(bridge_id, guild_id) for bridge_id, guild_id in rows]

    async def claim_failure_notice(self, bridge_id: int, now: datetime) -> bool:
        """Mark the bridge noticed; True for exactly one caller however many race."""
        result = await self._session.execute(
            update(Bridge)
            .where(Bridge.id == bridge_id, Bridge.failure_noticed_at.is_(None))
            .values(failure_noticed_at=now)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1

    async def release_failure_notice(self, bridge_id: int, noticed_at: datetime) -> None:
        """Undo this caller's claim (the notice could not be posted; a later run tries)."""
        await self._session.execute(
            update(Bridge)
            .where(Bridge.id == bridge_id, Bridge.failure_noticed_at == noticed_at)
            .values(failure_noticed_at=None)
            .execution_options(synchronize_session=False)
        )

    async def noticed_bridges(self) -> list[int]:
        return list(
            await self._session.scalars(
                select(Bridge.id).where(Bridge.failure_noticed_at.is_not(None)).order_by(Bridge.id)
            )
        )

    async def has_recovered(self, bridge_id: int) -> bool:
        """No failed or dead relay left, and its latest relay was delivered."""
        in_bridge = _bridge_channels(bridge_id)
        troubled = await self._session.scalar(
            select(RelayedMessage.id)
            .where(
                or_(
                    RelayedMessage.status.in_(RETRYABLE),
                    and_(RelayedMessage.status == RelayStatus.PENDING, RelayedMessage.attempts > 0),
                ),
                in_bridge,
            )
            .limit(1)
        )
        if troubled is not None:
            return False
        latest = await self._session.scalar(
            select(RelayedMessage.status)
            .where(in_bridge, RelayedMessage.status != RelayStatus.DISCARDED)
            .order_by(RelayedMessage.id.desc())
            .limit(1)
        )
        return latest is RelayStatus.DELIVERED

    async def clear_failure_notice(self, bridge_id: int) -> bool:
        result = await self._session.execute(
            update(Bridge)
            .where(Bridge.id == bridge_id, Bridge.failure_noticed_at.is_not(None))
            .values(failure_noticed_at=None)
            .execution_options(synchronize_session=False)
        )
        return _rowcount(result) == 1


def _rowcount(result: object) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount)
