"""Which members' messages the relay already stored: the start-up back-fill's questions."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Bridge, BridgeChannel, Guild, RelayedMessage

# Keeps an IN (...) list well under SQLite's and asyncpg's parameter limits.
_BATCH = 500


class RelayOrigins:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def stored(self, message_ids: Collection[int]) -> set[int]:
        """Those of ``message_ids`` that have a relay row (relayed or on their way)."""
        ids = list(message_ids)
        found: set[int] = set()
        for start in range(0, len(ids), _BATCH):
            batch = ids[start : start + _BATCH]
            rows = await self._session.scalars(
                select(RelayedMessage.origin_message_id).where(
                    RelayedMessage.origin_message_id.in_(batch)
                )
            )
            found.update(rows)
        return found

    async def newest(self, places: Collection[int]) -> dict[int, int]:
        """Per channel or thread of ``places``: the newest member message stored from it.

        A channel's own messages are the ones stored outside any thread (its posts).
        """
        place = func.coalesce(RelayedMessage.origin_thread_id, RelayedMessage.origin_channel_id)
        ids = list(places)
        newest: dict[int, int] = {}
        for start in range(0, len(ids), _BATCH):
            rows = await self._session.execute(
                select(place, func.max(RelayedMessage.origin_message_id))
                .where(place.in_(ids[start : start + _BATCH]))
                .group_by(place)
            )
            newest.update({int(where): int(last) for where, last in rows})
        return newest

    async def relay_channels(self, guild_id: int) -> tuple[set[int], set[int]]:
        """(bridged channels, pen-pal channels) of the guild: where members' messages cross."""
        bridged = await self._session.scalars(
            select(BridgeChannel.channel_id).join(Bridge).where(Bridge.guild_id == guild_id)
        )
        guild = await self._session.get(Guild, guild_id)
        penpal: set[int] = set()
        if guild is not None:
            penpal = {
                channel
                for channel in (guild.penpal_en_channel_id, guild.penpal_zh_channel_id)
                if channel is not None
            }
        return set(bridged), penpal
