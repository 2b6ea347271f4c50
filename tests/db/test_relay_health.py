"""Relay health per bridge: counts, retry now, discard, and the once-per-failure notice claim."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.engine import create_engine, create_sessionmaker
from db.enums import ChannelKind, RelayStatus, Side
from db.models import Bridge, RelayedMessage
from db.repositories import BridgeRepository
from db.repositories.failure_notice import FailureNoticeRepository
from db.repositories.relay_health import RelayHealthRepository, Trouble
from tests.db.overlap import (
    DEADLINE_S,
    on_begin_immediate,
    trace_statements_started,
    until_a_postgres_backend_waits_on_a_lock,
)

GUILD, OTHER_GUILD = 1, 2
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EN, ZH = 100, 200  # the failing bridge's channels
QUIET_EN, QUIET_ZH = 101, 201
_MESSAGE_IDS = itertools.count(1000)


class Relays:
    """Adds relays in any state (as the sweep would have left them)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(
        self,
        status: RelayStatus,
        *,
        origin: int = ZH,
        mirror: int = EN,
        guild: int = GUILD,
        attempts: int = 0,
        fault: str | None = None,
        age: int = 0,
        **fields: object,
    ) -> RelayedMessage:
        relay = RelayedMessage(
            guild_id=guild,
            origin_side=Side.ZH,
            author_id=7,
            origin_message_id=next(_MESSAGE_IDS),
            origin_channel_id=origin,
            mirror_channel_id=mirror,
            original_text="你好",
            status=status,
            attempts=attempts,
            fault=fault,
            last_error=f"{fault} text" if fault else None,
            next_retry_at=NOW + timedelta(hours=1),
            updated_at=NOW - timedelta(minutes=age),
            **fields,
        )
        self.session.add(relay)
        return relay


async def _bridges(session: AsyncSession) -> tuple[int, int, int]:
    bridges = BridgeRepository(session)
    failing = await bridges.add(
        GUILD,
        en_channel_id=EN,
        en_kind=ChannelKind.TEXT,
        zh_channel_id=ZH,
        zh_kind=ChannelKind.TEXT,
    )
    quiet = await bridges.add(
        GUILD,
        en_channel_id=QUIET_EN,
        en_kind=ChannelKind.TEXT,
        zh_channel_id=QUIET_ZH,
        zh_kind=ChannelKind.TEXT,
    )
    elsewhere = await bridges.add(
        OTHER_GUILD,
        en_channel_id=300,
        en_kind=ChannelKind.TEXT,
        zh_channel_id=400,
        zh_kind=ChannelKind.TEXT,
    )
    await session.flush()
    return failing.id, quiet.id, elsewhere.id


async def _statuses(session: AsyncSession) -> dict[int, tuple[RelayStatus, int, str | None]]:
    rows = await session.execute(
        select(
            RelayedMessage.origin_message_id,
            RelayedMessage.status,
            RelayedMessage.attempts,
            RelayedMessage.fault,
        )
    )
    return {message_id: (status, attempts, fault) for message_id, status, attempts, fault in rows}


async def test_counts_per_bridge_with_the_latest_fault(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        failing, quiet, _ = await _bridges(session)
        relays = Relays(session)
        relays.add(RelayStatus.DELIVERED)
        relays.add(RelayStatus.PENDING)
        relays.add(RelayStatus.PENDING, origin=EN, mirror=ZH)  # either direction counts
        relays.add(RelayStatus.FAILED, attempts=2, fault="timeout", age=10)
        relays.add(RelayStatus.DEAD, attempts=5, fault="missing_permissions", age=1)
        relays.add(RelayStatus.DEAD, attempts=5, fault="rejected", age=30)
        relays.add(RelayStatus.DISCARDED, fault="rejected")
        relays.add(RelayStatus.DELIVERED, origin=QUIET_ZH, mirror=QUIET_EN)
        relays.add(RelayStatus.DEAD, origin=400, mirror=300, guild=OTHER_GUILD, fault="timeout")
        await session.commit()

    async with session_factory() as session:
        troubles = await RelayHealthRepository(session).bridge_troubles(GUILD)
        penpal = await RelayHealthRepository(session).penpal_trouble(GUILD)
    assert troubles == {failing: Trouble(3, 2, "missing_permissions", EN)}
    assert quiet not in troubles
    assert troubles[failing].failing
    assert penpal == Trouble(0, 0, None, None)
    assert not penpal.failing


async def test_retry_now_puts_failed_and_dead_relays_of_one_bridge_back_on_their_way(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        failing, _, _ = await _bridges(session)
        relays = Relays(session)
        dead = relays.add(RelayStatus.DEAD, attempts=5, fault="missing_permissions")
        failed = relays.add(RelayStatus.FAILED, attempts=2, fault="timeout")
        delivered = relays.add(RelayStatus.DELIVERED)
        # Another process is sending this one right now: left alone.
        leased = relays.add(
            RelayStatus.FAILED, attempts=1, lease_owner="p2", lease_until=NOW + timedelta(minutes=1)
        )
        other = relays.add(RelayStatus.DEAD, origin=QUIET_ZH, mirror=QUIET_EN, fault="rejected")
        await session.commit()

    async with session_factory() as session, session.begin():
        assert await RelayHealthRepository(session).retry_now(failing, NOW) == 2

    async with session_factory() as session:
        states = await _statuses(session)
        back = await session.get(RelayedMessage, dead.id)
        assert back is not None
        assert back.next_retry_at == NOW
        assert back.last_error is None
    assert states[dead.origin_message_id] == (RelayStatus.PENDING, 0, None)
    assert states[failed.origin_message_id] == (RelayStatus.PENDING, 0, None)
    assert states[delivered.origin_message_id][0] is RelayStatus.DELIVERED
    assert states[leased.origin_message_id][0] is RelayStatus.FAILED
    assert states[other.origin_message_id][0] is RelayStatus.DEAD


async def test_discard_gives_up_dead_relays_but_never_a_deleted_originals_mirror(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        failing, _, _ = await _bridges(session)
        relays = Relays(session)
        dead = [relays.add(RelayStatus.DEAD, fault="rejected") for _ in range(3)]
        mirror_up = relays.add(
            RelayStatus.DEAD, fault="missing_permissions", is_deleted=True, mirror_message_id=9
        )
        never_posted = relays.add(RelayStatus.DEAD, fault="rejected", is_deleted=True)
        failed = relays.add(RelayStatus.FAILED, attempts=1, fault="timeout")
        await session.commit()

    async with session_factory() as session, session.begin():
        assert await RelayHealthRepository(session).discard_dead(failing, NOW) == (4, 1)

    async with session_factory() as session:
        states = await _statuses(session)
    for relay in (*dead, never_posted):
        assert states[relay.origin_message_id][0] is RelayStatus.DISCARDED
    assert states[mirror_up.origin_message_id][0] is RelayStatus.DEAD
    assert states[failed.origin_message_id][0] is RelayStatus.FAILED


async def test_a_bridge_is_noticed_once_and_again_only_after_it_recovered(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        failing, quiet, elsewhere = await _bridges(session)
        relays = Relays(session)
        relays.add(RelayStatus.FAILED, attempts=2, fault="timeout")  # not yet
        relays.add(RelayStatus.FAILED, origin=QUIET_ZH, mirror=QUIET_EN, attempts=3)
        for _ in range(20):
            relays.add(RelayStatus.DEAD, origin=400, mirror=300, guild=OTHER_GUILD)
        await session.commit()

    async with session_factory() as session, session.begin():
        health = FailureNoticeRepository(session)
        targets = await health.bridges_starting_to_fail(3)
        assert [(t.bridge_id, t.guild_id) for t in targets] == [
            (quiet, GUILD),
            (elsewhere, OTHER_GUILD),
        ]
        assert await health.claim_failure_notice(elsewhere, NOW)
        assert not await health.claim_failure_notice(elsewhere, NOW)
        assert failing not in [t.bridge_id for t in await health.bridges_starting_to_fail(3)]
        assert [t.bridge_id for t in await health.bridges_starting_to_fail(3)] == [quiet]
        assert await health.noticed_bridges() == [elsewhere]
        assert not await health.has_recovered(elsewhere)

    async with session_factory() as session, session.begin():
        # A moderator discards the dead relays, then the bridge delivers a new message.
        await RelayHealthRepository(session).discard_dead(elsewhere, NOW)
        Relays(session).add(RelayStatus.PENDING, origin=400, mirror=300, guild=OTHER_GUILD)
    async with session_factory() as session, session.begin():
        assert not await FailureNoticeRepository(session).has_recovered(elsewhere)  # not yet sent
        newest = await session.scalar(
            select(RelayedMessage).where(RelayedMessage.status == RelayStatus.PENDING)
        )
        assert newest is not None
        newest.status = RelayStatus.DELIVERED
    async with session_factory() as session, session.begin():
        health = FailureNoticeRepository(session)
        assert await health.has_recovered(elsewhere)
        assert await health.clear_failure_notice(elsewhere)
        bridge = await session.get(Bridge, elsewhere)
        assert bridge is not None
        assert bridge.failure_noticed_at is None
        # Noticed again when it fails again.
        Relays(session).add(RelayStatus.DEAD, origin=400, mirror=300, guild=OTHER_GUILD)
    async with session_factory() as session, session.begin():
        targets = await FailureNoticeRepository(session).bridges_starting_to_fail(3)
        assert elsewhere in [t.bridge_id for t in targets]


async def test_a_released_claim_can_be_claimed_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        failing, _, _ = await _bridges(session)
    async with session_factory() as session, session.begin():
        health = FailureNoticeRepository(session)
        assert await health.claim_failure_notice(failing, NOW)
        await health.release_failure_notice(failing, NOW)
        assert await health.claim_failure_notice(failing, NOW + timedelta(seconds=30))


async def test_two_processes_claiming_one_notice_have_exactly_one_winner(
    backend: str, db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        failing, _, _ = await _bridges(session)
        Relays(session).add(RelayStatus.DEAD, fault="missing_permissions")

    # Two engines stand for two bot processes sharing the database.
    engines = [create_engine(db_url), create_engine(db_url)]
    both_ready, both_saw_it = asyncio.Barrier(2), asyncio.Barrier(2)
    queued = [asyncio.Event(), asyncio.Event()]

    async def loser_waits(process: int) -> None:
        if backend == "sqlite":
            await queued[1 - process].wait()
        else:
            await until_a_postgres_backend_waits_on_a_lock(engines[process])

    async def claim(process: int) -> bool:
        factory = create_sessionmaker(engines[process])
        await both_ready.wait()
        # As the service does: find failing bridges, then claim each in its own transaction.
        async with factory() as session:
            targets = await FailureNoticeRepository(session).bridges_starting_to_fail(3)
        assert failing in [t.bridge_id for t in targets]
        await both_saw_it.wait()  # both saw the bridge fail before either claimed it
        async with factory() as session, session.begin():
            won = await FailureNoticeRepository(session).claim_failure_notice(failing, NOW)
            if won:
                # Hold the claim uncommitted until the other is stuck behind it.
                await loser_waits(process)
            return won

    try:
        if backend == "sqlite":
            loop = asyncio.get_running_loop()
            for engine, event in zip(engines, queued, strict=True):
                await trace_statements_started(engine, on_begin_immediate(loop, event))
        async with asyncio.timeout(DEADLINE_S):
            results = await asyncio.gather(claim(0), claim(1))
    finally:
        for engine in engines:
            await engine.dispose()

    assert sorted(results) == [False, True]
