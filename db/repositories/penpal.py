"""Pen pals: the pool, proposals, pairs, blocks and reports of one guild."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import PenpalLevel, PenpalStatus, ProposalStatus, Side
from db.models import (
    Guild,
    PenpalPair,
    PenpalProfile,
    PenpalProposal,
)
from db.shards import ShardScope, in_scope


def _proposed_profile_ids(guild_id: int) -> CompoundSelect[tuple[int]]:
    """Profiles in a pending proposal. Uncorrelated, so the database builds it once per query
    (a correlated EXISTS per profile took minutes at 40,000 profiles)."""
    pending = (PenpalProposal.guild_id == guild_id, PenpalProposal.status == ProposalStatus.PENDING)
    return union_all(
        select(PenpalProposal.en_profile_id).where(*pending),
        select(PenpalProposal.zh_profile_id).where(*pending),
    )


def _paired_user_ids(guild_id: int) -> CompoundSelect[tuple[int]]:
    """Members in an active pair (built once per query, like ``_proposed_profile_ids``)."""
    active = (PenpalPair.guild_id == guild_id, PenpalPair.ended_at.is_(None))
    return union_all(
        select(PenpalPair.en_user_id).where(*active),
        select(PenpalPair.zh_user_id).where(*active),
    )


def _waiting(guild_id: int) -> tuple[ColumnElement[bool], ...]:
    """Active, queued, neither paired nor in a pending proposal (the matcher's pool)."""
    return (
        PenpalProfile.guild_id == guild_id,
        PenpalProfile.status == PenpalStatus.ACTIVE,
        PenpalProfile.queued_since.is_not(None),
        PenpalProfile.id.not_in(_proposed_profile_ids(guild_id)),
        PenpalProfile.user_id.not_in(_paired_user_ids(guild_id)),
    )


class QueuedProfile(NamedTuple):
    """What the matcher needs of a waiting member (no ORM object: pools run to 40,000)."""

    id: int
    user_id: int
    side: Side
    level: PenpalLevel
    interests: list[str]
    timezone: str
    queued_since: datetime


# Rows per fetch when reading a whole pool, per statement when writing proposals: the event
# loop runs in between.
_POOL_FETCH_ROWS = 500
_INSERT_ROWS = 500


class PenpalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ------------------------------------------------------------------ profiles
    async def profile(self, guild_id: int, user_id: int) -> PenpalProfile | None:
        """The member's pen-pal profile in this guild, if they ever joined."""
        return await self._session.scalar(
            select(PenpalProfile).where(
                PenpalProfile.guild_id == guild_id, PenpalProfile.user_id == user_id
            )
        )

    async def add_profile(self, profile: PenpalProfile) -> PenpalProfile:
        self._session.add(profile)
        await self._session.flush()
        return profile

    async def waiting(self, guild_id: int, side: Side | None = None) -> Sequence[PenpalProfile]:
        """Active profiles neither paired nor in a pending proposal, longest waiting first."""
        query = select(PenpalProfile).where(*_waiting(guild_id))
        if side is not None:
            query = query.where(PenpalProfile.side == side)
        return (
            await self._session.scalars(
                query.order_by(PenpalProfile.queued_since, PenpalProfile.id)
            )
        ).all()

    async def waiting_pool(self, guild_id: int) -> AsyncIterator[list[QueuedProfile]]:
        """Everyone ``waiting`` returns, both sides, as plain rows, longest waiting first.

        In slices of up to 500: the caller's work on one slice and the next fetch leave
        the event loop room to run.
        """
        query = (
            select(
                PenpalProfile.id,
                PenpalProfile.user_id,
                PenpalProfile.side,
                PenpalProfile.level,
                PenpalProfile.interests,
                PenpalProfile.timezone,
                PenpalProfile.queued_since,
            )
            .where(*_waiting(guild_id))
            .order_by(PenpalProfile.queued_since, PenpalProfile.id)
            .execution_options(yield_per=_POOL_FETCH_ROWS)
        )
        async for rows in (await self._session.stream(query)).partitions():
            yield [QueuedProfile._make(row) for row in rows]

    async def queue_places(self, guild_id: int) -> dict[int, tuple[Side, datetime]]:
        """Side and place in the queue of each waiting profile id (the re-check before writing).

        A member who left, paused, got proposed or paired, or re-joined is missing or has
        another place.
        """
        query = (
            select(PenpalProfile.id, PenpalProfile.side, PenpalProfile.queued_since)
            .where(*_waiting(guild_id))
            .execution_options(yield_per=_POOL_FETCH_ROWS)
        )
        places: dict[int, tuple[Side, datetime]] = {}
        async for rows in (await self._session.stream(query)).partitions():
            places.update((row.id, (row.side, row.queued_since)) for row in rows)
        return places

    async def guilds_with_waiting_members(self, shards: ShardScope | None = None) -> Sequence[int]:
        """Guilds whose pool has anyone to match (the scheduled run visits only those); of
        ``shards`` only, when given."""
        query = select(PenpalProfile.guild_id).where(
            PenpalProfile.status == PenpalStatus.ACTIVE,
            PenpalProfile.queued_since.is_not(None),
            in_scope(PenpalProfile.guild_id, shards),
        )
        return (await self._session.scalars(query.distinct())).all()

    async def earliest_waiting_since(self, guild_id: int, side: Side) -> datetime | None:
        return await self._session.scalar(
            select(func.min(PenpalProfile.queued_since)).where(
                PenpalProfile.guild_id == guild_id,
                PenpalProfile.side == side,
                PenpalProfile.status == PenpalStatus.ACTIVE,
            )
        )

    # ----------------------------------------------------------------- proposals
    async def add_proposals(
        self, guild_id: int, pairs: Sequence[tuple[int, int]], *, expires_at: datetime
    ) -> list[int]:
        """Pending proposals for (en_profile_id, zh_profile_id) pairs, inserted in bulk; their
        ids in the order of ``pairs``."""
        if not pairs:
            return []
        rows = [
            {
                "guild_id": guild_id,
                "en_profile_id": en,
                "zh_profile_id": zh,
                "status": ProposalStatus.PENDING,
                "expires_at": expires_at,
            }
            for en, zh in pairs
        ]
        # RETURNING in parameter order would make SQLAlchemy insert row by row on SQLite; a
        # member has one pending proposal, so the en profile id finds each new id instead.
        statement = insert(PenpalProposal).returning(
            PenpalProposal.en_profile_id, PenpalProposal.id
        )
        new_ids: dict[int, int] = {}
        for at in range(0, len(rows), _INSERT_ROWS):  # the loop runs between statements
            written = await self._session.execute(statement, rows[at : at + _INSERT_ROWS])
            new_ids.update((en, proposal_id) for en, proposal_id in written)
        return [new_ids[en] for en, _ in pairs]

    async def proposal(self, proposal_id: int) -> PenpalProposal | None:
        return await self._session.get(PenpalProposal, proposal_id)

    async def pending_proposal_of(self, profile_id: int) -> PenpalProposal | None:
        return await self._session.scalar(
            select(PenpalProposal).where(
                PenpalProposal.status == ProposalStatus.PENDING,
                or_(
                    PenpalProposal.en_profile_id == profile_id,
                    PenpalProposal.zh_profile_id == profile_id,
                ),
            )
        )

    async def claim_expired_proposals(
        self, now: datetime, shards: ShardScope | None = None
    ) -> Sequence[PenpalProposal]:
        """Mark pending proposals whose answer time is over EXPIRED and return them.

        One conditional UPDATE takes them, so of two processes sweeping at once each proposal
        goes to exactly one (the other skips rows locked by it, or finds them expired already):
        nobody is told twice. Of ``shards``' guilds only, when given.
        """
        due = select(PenpalProposal.id).where(
            PenpalProposal.status == ProposalStatus.PENDING,
            PenpalProposal.expires_at <= now,
            in_scope(PenpalProposal.guild_id, shards),
        )
        if self._session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        claimed = await self._session.scalars(
            update(PenpalProposal)
            .where(
                PenpalProposal.id.in_(due.scalar_subquery()),
                PenpalProposal.status == ProposalStatus.PENDING,
            )
            .values(status=ProposalStatus.EXPIRED)
            .returning(PenpalProposal.id)
            .execution_options(synchronize_session=False)
        )
        ids = sorted(claimed.all())
        if not ids:
            return []
        rows = await self._session.scalars(
            select(PenpalProposal)
            .where(PenpalProposal.id.in_(ids))
            .order_by(PenpalProposal.id)
            .execution_options(populate_existing=True)
        )
        return rows.all()

    async def declined_pairs(self, guild_id: int) -> set[tuple[int, int]]:
        """(en_user_id, zh_user_id) of declined proposals: not proposed again."""
        en = PenpalProfile.__table__.alias("en")
        zh = PenpalProfile.__table__.alias("zh")
        rows = await self._session.execute(
            select(en.c.user_id, zh.c.user_id)
            .select_from(PenpalProposal)
            .join(en, en.c.id == PenpalProposal.en_profile_id)
            .join(zh, zh.c.id == PenpalProposal.zh_profile_id)
            .where(
                PenpalProposal.guild_id == guild_id,
                PenpalProposal.status == ProposalStatus.DECLINED,
            )
        )
        return {(int(a), int(b)) for a, b in rows.all()}

    # --------------------------------------------------------------------- pairs
    async def add_pair(self, pair: PenpalPair) -> PenpalPair:
        self._session.add(pair)
        await self._session.flush()
        return pair

    async def pair(self, pair_id: int, *, lock: bool = False) -> PenpalPair | None:
        return await self._session.get(PenpalPair, pair_id, with_for_update=lock)

    async def unopened_pair_ids(self, started_before: datetime) -> Sequence[int]:
        """Pairs still without their private threads, opened before ``started_before``."""
        return (
            await self._session.scalars(
                select(PenpalPair.id).where(
                    PenpalPair.ended_at.is_(None),
                    or_(PenpalPair.en_thread_id.is_(None), PenpalPair.zh_thread_id.is_(None)),
                    PenpalPair.started_at < started_before,
                )
            )
        ).all()

    async def active_pair_of(self, guild_id: int, user_id: int) -> PenpalPair | None:
        return await self._session.scalar(
            select(PenpalPair).where(
                PenpalPair.guild_id == guild_id,
                PenpalPair.ended_at.is_(None),
                or_(PenpalPair.en_user_id == user_id, PenpalPair.zh_user_id == user_id),
            )
        )

    async def latest_pair_of(self, guild_id: int, user_id: int) -> PenpalPair | None:
        """The member's current pair, else the last one (reports may come after the end)."""
        return await self._session.scalar(
            select(PenpalPair)
            .where(
                PenpalPair.guild_id == guild_id,
                or_(PenpalPair.en_user_id == user_id, PenpalPair.zh_user_id == user_id),
            )
            .order_by(PenpalPair.ended_at.is_not(None), PenpalPair.started_at.desc())
            .limit(1)
        )

    async def active_pair_by_thread(self, thread_id: int) -> tuple[PenpalPair, Guild] | None:
        """The active pair owning a private thread, with its guild (for the pen-pal channels)."""
        row = (
            await self._session.execute(
                select(PenpalPair, Guild)
                .join(Guild, Guild.id == PenpalPair.guild_id)
                .where(
                    PenpalPair.ended_at.is_(None),
                    or_(PenpalPair.en_thread_id == thread_id, PenpalPair.zh_thread_id == thread_id),
                )
            )
        ).first()
        return (row[0], row[1]) if row is not None else None

    async def past_pairs(self, guild_id: int) -> set[tuple[int, int]]:
        rows = await self._session.execute(
            select(PenpalPair.en_user_id, PenpalPair.zh_user_id).where(
                PenpalPair.guild_id == guild_id
            )
        )
        return {(int(a), int(b)) for a, b in rows.all()}
