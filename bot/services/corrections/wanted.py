"""Who wants corrections where: the member's own choice, else the place they wrote in.

``members.corrections_wanted`` None follows the place: on in practice channels (and their
threads) and in pen-pal conversations (both partners chose to learn), off elsewhere.
True/False is the member's own choice everywhere in the server.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.corrections import PracticeChannelRepository
from db.repositories.member import MemberRepository
from db.repositories.penpal import PenpalRepository


@dataclass(frozen=True)
class Place:
    """Where a message was written: its channel or thread, and a thread's parent."""

    channel_id: int
    parent_id: int | None = None


async def corrections_wanted(
    session: AsyncSession, guild_id: int, learner_id: int, place: Place
) -> bool:
    member = await MemberRepository(session).get(guild_id, learner_id)
    if member is not None and member.corrections_wanted is not None:
        return member.corrections_wanted
    ids = [place.channel_id] + ([place.parent_id] if place.parent_id else [])
    if await PracticeChannelRepository(session).any_of(ids):
        return True
    return await PenpalRepository(session).active_pair_by_thread(place.channel_id) is not None
