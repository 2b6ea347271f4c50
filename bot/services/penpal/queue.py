"""Pen-pal queue rules shared by the pool, the proposals and safety (one place for each rule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import PenpalStatus, ProposalStatus, Side
from db.models import PenpalPair, PenpalProfile, PenpalProposal
from db.repositories.penpal import PenpalRepository

# Ahead of everyone waiting by this much: "front of the queue" stays strict under ties.
_AHEAD = timedelta(seconds=1)


@dataclass(frozen=True)
class EndedPair:
    """A pair that just ended: where its private threads are (to close them)."""

    pair_id: int
    guild_id: int
    en_user_id: int
    zh_user_id: int
    en_thread_id: int | None
    zh_thread_id: int | None


async def to_front(repo: PenpalRepository, profile: PenpalProfile, now: datetime) -> None:
    """Put an active member back at the front of their side's queue (longest waiting first)."""
    earliest = await repo.earliest_waiting_since(profile.guild_id, profile.side)
    front = (earliest or now) - _AHEAD
    current = profile.queued_since
    profile.queued_since = front if current is None else min(current, front)


def to_back(profile: PenpalProfile, now: datetime) -> None:
    """Queue an active member behind everyone waiting now."""
    profile.queued_since = now if profile.status is PenpalStatus.ACTIVE else None


async def close_proposal(
    session: AsyncSession,
    proposal: PenpalProposal,
    status: ProposalStatus,
    *,
    now: datetime,
    declined_by: int | None = None,
) -> list[int]:
    """Decline or expire a pending proposal; returns the user ids sent back to the front.

    Whoever declined waits behind everyone; whoever did not answer before expiry is paused
    (they may be away); whoever accepted keeps their turn: front of the queue.
    """
    repo = PenpalRepository(session)
    proposal.status = status
    front: list[int] = []
    for side in (Side.EN, Side.ZH):
        profile_id = proposal.en_profile_id if side is Side.EN else proposal.zh_profile_id
        profile = await session.get(PenpalProfile, profile_id)
        if profile is None:
            continue
        answered = proposal.en_accepted if side is Side.EN else proposal.zh_accepted
        if profile.user_id == declined_by:
            to_back(profile, now)
        elif status is ProposalStatus.EXPIRED and answered is None:
            profile.status = PenpalStatus.PAUSED
            profile.queued_since = None
        elif profile.status is PenpalStatus.ACTIVE:
            await to_front(repo, profile, now)
            front.append(profile.user_id)
    await session.flush()
    return front


async def end_pair(
    session: AsyncSession, pair: PenpalPair, *, ended_by: int, now: datetime
) -> EndedPair:
    """End a conversation: nothing more is relayed; both members may be matched again."""
    pair.ended_at = now
    pair.ended_by_id = ended_by
    repo = PenpalRepository(session)
    for user_id in (pair.en_user_id, pair.zh_user_id):
        profile = await repo.profile(pair.guild_id, user_id)
        if profile is not None:
            to_back(profile, now)
    await session.flush()
    return EndedPair(
        pair.id,
        pair.guild_id,
        pair.en_user_id,
        pair.zh_user_id,
        pair.en_thread_id,
        pair.zh_thread_id,
    )
