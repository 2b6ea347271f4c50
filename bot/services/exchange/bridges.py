"""Bridges: an English channel linked with a Chinese channel, several per server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.enums import ChannelKind, Side
from db.models import Bridge
from db.repositories.bridge import BridgeRepository, ChannelAlreadyBridgedError

__all__ = ["BridgeInfo", "BridgeService", "BridgeSide"]


@dataclass(frozen=True)
class BridgeSide:
    channel_id: int
    side: Side
    kind: ChannelKind


@dataclass(frozen=True)
class BridgeInfo:
    """A bridge as the rest of the bot sees it."""

    id: int
    guild_id: int
    en: BridgeSide
    zh: BridgeSide

    def side_of(self, channel_id: int) -> BridgeSide | None:
        return next((s for s in (self.en, self.zh) if s.channel_id == channel_id), None)

    def opposite(self, side: Side) -> BridgeSide:
        return self.zh if side is Side.EN else self.en


class BridgeConflictError(Exception):
    """A channel is already part of a bridge."""

    def __init__(self, channel_id: int) -> None:
        super().__init__(f"channel {channel_id} is already bridged")
        self.channel_id = channel_id


class SameChannelError(Exception):
    """Both sides of a bridge were given the same channel."""


def bridge_info(bridge: Bridge) -> BridgeInfo:
    def side(language: Side) -> BridgeSide:
        channel = bridge.side(language)
        return BridgeSide(channel.channel_id, language, channel.kind)

    return BridgeInfo(bridge.id, bridge.guild_id, side(Side.EN), side(Side.ZH))


class BridgeService:
    """Link, list, find and unlink bridges. Each call is one unit of work."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def link(
        self, guild_id: int, en: tuple[int, ChannelKind], zh: tuple[int, ChannelKind], *, by: int
    ) -> BridgeInfo:
        """Link an English and a Chinese channel; raises BridgeConflictError or SameChannelError."""
        if en[0] == zh[0]:
            raise SameChannelError
        async with self._sessions() as session, session.begin():
            repo = BridgeRepository(session)
            for channel_id in (en[0], zh[0]):
                if await repo.find_by_channel(channel_id) is not None:
                    raise BridgeConflictError(channel_id)
            try:
                bridge = await repo.add(
                    guild_id,
                    en_channel_id=en[0],
                    en_kind=en[1],
                    zh_channel_id=zh[0],
                    zh_kind=zh[1],
                    created_by_id=by,
                )
            except ChannelAlreadyBridgedError as error:  # lost a race with another link
                raise BridgeConflictError(en[0]) from error
            await session.flush()
            return bridge_info(bridge)

    async def list_for_guild(self, guild_id: int) -> list[BridgeInfo]:
        async with self._sessions() as session:
            return [
                bridge_info(b) for b in await BridgeRepository(session).list_for_guild(guild_id)
            ]

    async def find_by_channel(self, channel_id: int) -> BridgeInfo | None:
        """The bridge a channel (either side) belongs to."""
        async with self._sessions() as session:
            bridge = await BridgeRepository(session).find_by_channel(channel_id)
            return bridge_info(bridge) if bridge else None

    async def unlink(self, guild_id: int, channel_id: int) -> BridgeInfo | None:
        """Remove the bridge that ``channel_id`` belongs to, in this guild only."""
        async with self._sessions() as session, session.begin():
            repo = BridgeRepository(session)
            bridge = await repo.find_by_channel(channel_id)
            if bridge is None or bridge.guild_id != guild_id:
                return None
            info = bridge_info(bridge)
            await repo.remove(bridge.id)
            return info
