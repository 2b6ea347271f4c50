"""Opening a pair's private space: it counts as open only once both threads are stored.

Both accepted (``PenpalProposalService.answer``) → the Discord adapter makes a private thread
per member → ``set_threads``. If either thread cannot be made, ``abandon`` undoes the pair;
pairs a stopped process left half-open are undone by ``abandon_unopened`` on the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.base import DatabaseService
from bot.services.penpal.queue import close_proposal
from db.enums import ProposalStatus
from db.models import PenpalProposal
from db.repositories.penpal import PenpalRepository

# Opening a pair takes seconds; one still without threads after this was left by a crash.
UNOPENED_GRACE = timedelta(minutes=10)


async def _abandon(session: AsyncSession, pair_id: int, *, now: datetime) -> list[int]:
    """Undo a pair that never opened: it never started, so it is removed (not a past pair:
    they may be matched again) and its proposal closed; both members keep their turn at the
    front of the queue, as after a timeout. Returns their user ids (none if already gone)."""
    pair = await PenpalRepository(session).pair(pair_id, lock=True)
    if pair is None or (pair.en_thread_id is not None and pair.zh_thread_id is not None):
        return []  # already undone, or it did open
    proposal_id = pair.proposal_id
    await session.delete(pair)
    proposal = await session.get(PenpalProposal, proposal_id) if proposal_id else None
    if proposal is None:
        return []
    return await close_proposal(session, proposal, ProposalStatus.EXPIRED, now=now)


class PairOpening(DatabaseService):
    async def set_threads(self, pair_id: int, *, en_thread_id: int, zh_thread_id: int) -> None:
        """Remember each member's private thread: the relay finds the pair by either."""
        async with self._sessions() as session, session.begin():
            pair = await PenpalRepository(session).pair(pair_id, lock=True)
            if pair is None:  # undone meanwhile (see abandon_unopened)
                raise LookupError(f"pen-pal pair {pair_id} no longer exists")
            pair.en_thread_id, pair.zh_thread_id = en_thread_id, zh_thread_id

    async def abandon(self, pair_id: int) -> list[int]:
        """The private threads could not be made: no pair; returns users back at the front."""
        async with self._sessions() as session, session.begin():
            return await _abandon(session, pair_id, now=self._clock())

    async def abandon_unopened(self) -> list[int]:
        """Undo pairs left without threads for ``UNOPENED_GRACE`` (the process stopped while
        opening them); returns users back at the front."""
        now = self._clock()
        front: list[int] = []
        async with self._sessions() as session, session.begin():
            repo = PenpalRepository(session)
            for pair_id in await repo.unopened_pair_ids(now - UNOPENED_GRACE):
                front += await _abandon(session, pair_id, now=now)
        return front
