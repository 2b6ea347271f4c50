"""Relay health for moderators (SPEC: moderation wins): which bridges fail and why, "retry
now" and "discard", and one notice when a bridge starts failing (not one per message).

Discord-free: the cogs render these values and post them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.observability.metrics import Metrics
from bot.services.base import DatabaseService
from bot.translation.languages import Reader
from db.clock import Clock, utcnow
from db.enums import Side
from db.models import Bridge, Guild
from db.repositories.bridge import BridgeRepository
from db.repositories.failure_notice import FailureNoticeRepository
from db.repositories.relay_health import RelayHealthRepository, Trouble
from db.shards import ShardScope

# A relay that failed this often tells moderators even before it is dead-lettered.
FAILING_ATTEMPTS = 3


@dataclass(frozen=True)
class BridgeHealth:
    bridge_id: int
    en_channel_id: int
    zh_channel_id: int
    trouble: Trouble | None  # None: every relay delivered


@dataclass(frozen=True)
class GuildRelayHealth:
    bridges: tuple[BridgeHealth, ...]
    penpal: Trouble | None  # None unless pen-pal relays are failing


@dataclass(frozen=True)
class BridgeAction:
    """What a moderator's "retry now" or "discard" did to one bridge."""

    en_channel_id: int
    zh_channel_id: int
    count: int  # relays sent again, or given up
    # Discard only: dead relays of deleted originals whose mirror is still up, kept dead so
    # the mirror is not left for good.
    kept: int = 0


@dataclass(frozen=True)
class FailureNotice:
    """What to tell a guild's moderators about a bridge that started failing."""

    bridge: BridgeHealth
    guild_id: int
    moderators_channel_id: int | None
    locale: str | None  # the guild's UI locale; None: English and Chinese both
    chinese: Reader  # the Chinese the bilingual notice is written in
    noticed_at: datetime


def _health(bridge: Bridge, trouble: Trouble | None) -> BridgeHealth:
    return BridgeHealth(
        bridge.id, bridge.side(Side.EN).channel_id, bridge.side(Side.ZH).channel_id, trouble
    )


class RelayHealthService(DatabaseService):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock = utcnow,
        metrics: Metrics | None = None,
        shards: ShardScope | None = None,
    ) -> None:
        super().__init__(sessions, clock=clock)
        self._metrics = metrics or Metrics()
        self._shards = shards  # notices of these shards' guilds only (None: every guild)

    async def backlog(self) -> int:
        """Relays still to be sent: pending, or failed and waiting for their retry."""
        async with self._sessions() as session:
            return await RelayHealthRepository(session).backlog()

    async def guild_health(self, guild_id: int) -> GuildRelayHealth:
        """Every bridge of the guild (oldest first) with what it has not delivered yet."""
        async with self._sessions() as session:
            troubles = await RelayHealthRepository(session).bridge_troubles(guild_id)
            penpal = await RelayHealthRepository(session).penpal_trouble(guild_id)
            bridges = await BridgeRepository(session).list_for_guild(guild_id)
        return GuildRelayHealth(
            tuple(_health(bridge, troubles.get(bridge.id)) for bridge in bridges),
            penpal if penpal.failing else None,
        )

    async def retry_now(self, guild_id: int, bridge_id: int) -> BridgeAction | None:
        """Send the bridge's failed and dead relays again now, with a fresh count of attempts
        (None: no such bridge in this guild)."""
        async with self._sessions() as session, session.begin():
            bridge = await _owned(session, guild_id, bridge_id)
            if bridge is None:
                return None
            count = await RelayHealthRepository(session).retry_now(bridge_id, self._clock())
        return _action(bridge, count)

    async def discard(self, guild_id: int, bridge_id: int) -> BridgeAction | None:
        """Give up the bridge's dead relays: never sent (None: no such bridge in this guild)."""
        async with self._sessions() as session, session.begin():
            bridge = await _owned(session, guild_id, bridge_id)
            if bridge is None:
                return None
            repository = RelayHealthRepository(session)
            count, kept = await repository.discard_dead(bridge_id, self._clock())
        self._metrics.relays.labels(outcome="discarded", fault="").inc(count)
        return _action(bridge, count, kept)

    async def claim_notices(self) -> list[FailureNotice]:
        """Bridges that started failing, each claimed by this caller alone: post one notice
        for each (another process racing here gets none of them)."""
        async with self._sessions() as session:
            targets = await FailureNoticeRepository(session).bridges_starting_to_fail(
                FAILING_ATTEMPTS, self._shards
            )
        claimed: dict[int, list[tuple[int, datetime]]] = {}
        for target in targets:
            now = self._clock()
            async with self._sessions() as session, session.begin():
                won = await FailureNoticeRepository(session).claim_failure_notice(
                    target.bridge_id, now
                )
            if won:
                claimed.setdefault(target.guild_id, []).append((target.bridge_id, now))
        notices = []
        for guild_id, bridges in claimed.items():
            notices.extend(await self._notices(guild_id, bridges))
        return notices

    async def _notices(
        self, guild_id: int, claimed: list[tuple[int, datetime]]
    ) -> list[FailureNotice]:
        async with self._sessions() as session:
            guild = await session.get(Guild, guild_id)
            troubles = await RelayHealthRepository(session).bridge_troubles(guild_id)
            bridges = [(await session.get(Bridge, bridge_id), at) for bridge_id, at in claimed]
        if guild is None:
            return []
        return [
            FailureNotice(
                bridge=_health(bridge, troubles.get(bridge.id)),
                guild_id=guild_id,
                moderators_channel_id=guild.moderators_channel_id,
                # "en" is also the column's default, so it cannot tell a choice from no choice.
                locale=None if guild.ui_locale == "en" else guild.ui_locale,
                chinese=Reader.ZH_TW if guild.prefer_traditional else Reader.ZH_CN,
                noticed_at=noticed_at,
            )
            for bridge, noticed_at in bridges
            if bridge is not None  # unlinked meanwhile
        ]

    async def notice_not_posted(self, notice: FailureNotice) -> None:
        """The notice could not be posted for now: a later check claims it again."""
        async with self._sessions() as session, session.begin():
            await FailureNoticeRepository(session).release_failure_notice(
                notice.bridge.bridge_id, notice.noticed_at
            )

    async def clear_recovered(self) -> list[int]:
        """Noticed bridges that deliver again lose their notice, so a later failure notices
        again; returns their ids."""
        async with self._sessions() as session:
            noticed = await FailureNoticeRepository(session).noticed_bridges()
        cleared = []
        for bridge_id in noticed:
            async with self._sessions() as session, session.begin():
                repository = FailureNoticeRepository(session)
                if await repository.has_recovered(
                    bridge_id
                ) and await repository.clear_failure_notice(bridge_id):
                    cleared.append(bridge_id)
        return cleared


def _action(bridge: Bridge, count: int, kept: int = 0) -> BridgeAction:
    return BridgeAction(
        bridge.side(Side.EN).channel_id, bridge.side(Side.ZH).channel_id, count, kept
    )


async def _owned(session: AsyncSession, guild_id: int, bridge_id: int) -> Bridge | None:
    # The bridge id arrives in a button's custom id: never trust it for another guild.
    bridge = await session.get(Bridge, bridge_id)
    return bridge if bridge is not None and bridge.guild_id == guild_id else None
