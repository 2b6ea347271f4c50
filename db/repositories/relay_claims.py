"""Claims on relays: which process may work on a relay, and until when (a lease).

A relay is claimed before anything is sent for it, so two sweeps (of one process or of two)
never send it twice: an atomic conditional UPDATE takes only rows whose lease is free or
expired (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serializes writers). Within a thread
only the oldest unsent relay can be claimed, so mirrors keep the thread's order even when an
earlier message had to wait for a retry. Edits and deletes of a posted mirror do not hold
later messages back.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, CursorResult, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.enums import RelayStatus
from db.models import RelayedMessage
from db.shards import ShardScope, in_scope


@dataclass(frozen=True)
class Lease:
    """A relay recorded already claimed by the process that will send it."""

    owner: str
    until: datetime


# Relays still on their way: not sent yet, or an edit/delete of their mirror to do.
ON_THE_WAY = (RelayStatus.PENDING, RelayStatus.FAILED)


def _unsent(relay: type[RelayedMessage]) -> ColumnElement[bool]:
    return relay.status.in_(ON_THE_WAY) & relay.mirrored_revision.is_(None)


def _waits_behind_older(relay: type[RelayedMessage]) -> ColumnElement[bool]:
    """``relay`` has an older message in its thread that is not posted yet."""
    older = aliased(RelayedMessage)
    return exists().where(
        older.origin_thread_id == relay.origin_thread_id,
        older.origin_message_id < relay.origin_message_id,  # Discord's order, not ours
        _unsent(older),
    )


def _lease_free(relay: type[RelayedMessage], now: datetime) -> ColumnElement[bool]:
    return or_(relay.lease_until.is_(None), relay.lease_until <= now)


class RelayClaims:
    def __init__(self, session: AsyncSession, owner: str, shards: ShardScope | None = None) -> None:
        self._session = session
        self._owner = owner
        self._shards = shards  # sweeps take only these shards' guilds (None: every guild)

    async def claim_due(self, now: datetime, until: datetime, limit: int) -> list[int]:
        """Take up to ``limit`` relays due for work whose lease is free, oldest due first;
        their ids. Only the first unsent relay of each thread is taken."""
        candidate = aliased(RelayedMessage)
        due = (
            select(candidate.id)
            .where(
                candidate.status.in_(ON_THE_WAY),
                candidate.next_retry_at <= now,
                _lease_free(candidate, now),
                in_scope(candidate.guild_id, self._shards),
                ~(_unsent(candidate) & _waits_behind_older(candidate)),
            )
            .order_by(candidate.next_retry_at, candidate.id)
            .limit(limit)
        )
        if self._session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        claimed = await self._session.execute(
            update(RelayedMessage)
            .where(RelayedMessage.id.in_(due.scalar_subquery()), _lease_free(RelayedMessage, now))
            .values(lease_owner=self._owner, lease_until=until)
            .returning(RelayedMessage.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(claimed.scalars().all())

    async def take(self, relay_id: int, now: datetime, until: datetime) -> bool:
        """Claim one relay now (an edit or delete arrived) unless another process holds it."""
        return await self._update_one(
            relay_id,
            or_(_lease_free(RelayedMessage, now), RelayedMessage.lease_owner == self._owner),
            lease_owner=self._owner,
            lease_until=until,
        )

    async def begin_send(
        self, relay_id: int, now: datetime, until: datetime, digest: str, *, first: bool
    ) -> bool:
        """Record the post about to be made (its time and the hash of its content), if this
        process still holds the relay and it is still to be shown; False: do not send.

        The ``first`` post of a mirror also waits for older unsent messages of its thread.
        """
        condition = (
            (RelayedMessage.lease_owner == self._owner)
            & RelayedMessage.is_deleted.is_(False)
            & RelayedMessage.mirror_removed.is_(False)
            & RelayedMessage.status.in_(ON_THE_WAY)
        )
        if first:
            condition = condition & ~_waits_behind_older(RelayedMessage)
        return await self._update_one(
            relay_id,
            condition,
            attempt_started_at=now,
            attempt_digest=digest,
            lease_until=until,
        )

    async def renew(self, relay_ids: Collection[int], until: datetime) -> None:
        """Keep the leases this process still works on."""
        if relay_ids:
            await self._session.execute(
                update(RelayedMessage)
                .where(
                    RelayedMessage.id.in_(list(relay_ids)),
                    RelayedMessage.lease_owner == self._owner,
                )
                .values(lease_until=until)
                .execution_options(synchronize_session=False)
            )

    async def release(self, relay_ids: Collection[int]) -> None:
        """Give up the leases (work done, or the process stops): others may claim at once."""
        if relay_ids:
            await self._session.execute(
                update(RelayedMessage)
                .where(
                    RelayedMessage.id.in_(list(relay_ids)),
                    RelayedMessage.lease_owner == self._owner,
                )
                .values(lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )

    async def _update_one(
        self, relay_id: int, condition: ColumnElement[bool], **values: object
    ) -> bool:
        result = await self._session.execute(
            update(RelayedMessage)
            .where(RelayedMessage.id == relay_id, condition)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1
