"""What the relay missed while the bot was down, and storing a message exactly once.

At start the bot reads back each bridged channel's and each open conversation thread's
history after the newest message it stored from there, within ``window``, and relays what it
has not stored yet exactly as the live listener would. Discord-free: the cog reads history;
this answers where to start and which messages are new.

A live event and the back-fill (or two processes) may race for the same message: the relay
row's unique ``origin_message_id`` decides, and the loser treats the clash as "already have
it" (``relay_once``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.clock import Clock, utcnow
from db.repositories.relay_origins import RelayOrigins

log = logging.getLogger(__name__)

T = TypeVar("T")

_DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake_at(moment: datetime) -> int:
    """The smallest Discord id a message created at ``moment`` can have."""
    milliseconds = int(moment.timestamp() * 1000) - _DISCORD_EPOCH_MS
    return max(milliseconds, 0) << 22


@dataclass(frozen=True)
class RelayPlaces:
    """Where members' messages cross in a guild: bridged channels (their own posts and their
    threads) and pen-pal channels (their private threads only)."""

    bridged: frozenset[int]
    penpal: frozenset[int]

    def reads_posts(self, channel_id: int) -> bool:
        return channel_id in self.bridged

    def reads_thread(self, parent_id: int | None) -> bool:
        return parent_id is not None and (parent_id in self.bridged or parent_id in self.penpal)


class RelayBackfill:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        window: timedelta,
        clock: Clock = utcnow,
    ) -> None:
        self._sessions = sessions
        self.window = window
        self._clock = clock

    @property
    def enabled(self) -> bool:
        return self.window > timedelta()

    async def places(self, guild_id: int) -> RelayPlaces:
        async with self._sessions() as session:
            bridged, penpal = await RelayOrigins(session).relay_channels(guild_id)
        return RelayPlaces(frozenset(bridged), frozenset(penpal))

    async def start_after(self, places: Collection[int]) -> dict[int, int]:
        """Per channel or thread: the message id to read after (the newest stored from
        there, else the start of the window; never before the window)."""
        floor = snowflake_at(self._clock() - self.window)
        async with self._sessions() as session:
            newest = await RelayOrigins(session).newest(places)
        return {place: max(floor, newest.get(place, 0)) for place in places}

    async def unseen(self, message_ids: Sequence[int]) -> list[int]:
        """``message_ids`` (in their order) that the relay has not stored."""
        async with self._sessions() as session:
            stored = await RelayOrigins(session).stored(message_ids)
        return [message_id for message_id in message_ids if message_id not in stored]


async def relay_once(
    sessions: async_sessionmaker[AsyncSession],
    message_id: int,
    relay: Callable[[], Awaitable[T]],
) -> T | None:
    """Run ``relay`` for a new message; None if another path stored that message first.

    The relay's store hits the unique ``origin_message_id`` when the message is stored
    already (a live event racing the back-fill, a retried event, a second process).
    """
    try:
        return await relay()
    except IntegrityError:
        async with sessions() as session:
            if message_id not in await RelayOrigins(session).stored([message_id]):
                raise
        log.info("message %s is stored already: not relayed again", message_id)
        return None
