"""Bridges: linking, listing, finding and unlinking channel pairs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import ChannelKind, Side
from db.models import Bridge, BridgeChannel
from db.repositories.guild import ensure_guild_exists


class ChannelAlreadyBridgedError(Exception):
    """One of the channels already belongs to a bridge (a channel has one bridge at most)."""


class BridgeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        guild_id: int,
        *,
        en_channel_id: int,
        en_kind: ChannelKind,
        zh_channel_id: int,
        zh_kind: ChannelKind,
        created_by_id: int | None = None,
    ) -> Bridge:
        """Link an English and a Chinese channel; raises ChannelAlreadyBridgedError if taken."""
        if en_channel_id == zh_channel_id:
            raise ValueError("a bridge needs two different channels")
        await ensure_guild_exists(self._session, guild_id)
        bridge = Bridge(
            guild_id=guild_id,
            created_by_id=created_by_id,
            channels=[
                BridgeChannel(channel_id=en_channel_id, language=Side.EN, kind=en_kind),
                BridgeChannel(channel_id=zh_channel_id, language=Side.ZH, kind=zh_kind),
            ],
        )
        try:
            # A savepoint, so the caller's transaction survives the unique violation.
            async with self._session.begin_nested():
                self._session.add(bridge)
        except IntegrityError as exc:
            raise ChannelAlreadyBridgedError(
                f"channel {en_channel_id} or {zh_channel_id} is already bridged"
            ) from exc
        return bridge

    async def list_for_guild(self, guild_id: int) -> Sequence[Bridge]:
        """The guild's bridges, oldest first, each with both sides loaded."""
        result = await self._session.scalars(
            select(Bridge).where(Bridge.guild_id == guild_id).order_by(Bridge.id)
        )
        return result.all()

    async def find_by_channel(self, channel_id: int) -> Bridge | None:
        """The bridge that either side's channel belongs to, if any."""
        result = await self._session.scalars(
            select(Bridge).join(Bridge.channels).where(BridgeChannel.channel_id == channel_id)
        )
        return result.first()

    async def remove(self, bridge_id: int) -> bool:
        """Unlink a bridge; its questions stay (with no bridge). False if it did not exist."""
        bridge = await self._session.get(Bridge, bridge_id)
        if bridge is None:
            return False
        await self._session.delete(bridge)
        await self._session.flush()
        return True
