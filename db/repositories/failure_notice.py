"""The moderators' notice when a bridge starts failing: ``bridges.failure_noticed_at`` is
claimed by one process (a conditional update), and cleared once the bridge delivers again so a
later failure is noticed again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import RelayStatus
from db.models import Bridge, BridgeChannel, RelayedMessage
from db.repositories.relay_health import (
    NOT_DELIVERED,
    ON_THE_WAY,
    RETRYABLE,
    in_bridge,
    rowcount,
)
from db.shards import ShardScope, in_scope


@dataclass(frozen=True)
class NoticeTarget:
    """A bridge that started failing, with what its notice needs."""

    bridge_id: int
    guild_id: int


def _in_bridge_channel() -> ColumnElement[bool]:
    return or_(
        BridgeChannel.channel_id == RelayedMessage.origin_channel_id,
        BridgeChannel.channel_id == RelayedMessage.mirror_channel_id,
    )


class FailureNoticeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def bridges_starting_to_fail(
        self, failing_attempts: int, shards: ShardScope | None = None
    ) -> list[NoticeTarget]:
        """Bridges not noticed yet with a dead relay, or one that failed ``failing_attempts``
        times or more; of ``shards``' guilds only, when given (their cluster posts the
        notice: it alone sees their channels)."""
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
            .where(Bridge.failure_noticed_at.is_(None), in_scope(Bridge.guild_id, shards))
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
        return rowcount(result) == 1

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
        relays_of_bridge = in_bridge(bridge_id)
        troubled = await self._session.scalar(
            select(RelayedMessage.id)
            .where(
                or_(
                    RelayedMessage.status.in_(RETRYABLE),
                    and_(RelayedMessage.status == RelayStatus.PENDING, RelayedMessage.attempts > 0),
                ),
                relays_of_bridge,
            )
            .limit(1)
        )
        if troubled is not None:
            return False
        latest = await self._session.scalar(
            select(RelayedMessage.status)
            .where(relays_of_bridge, RelayedMessage.status != RelayStatus.DISCARDED)
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
        return rowcount(result) == 1
