"""Shard clusters (issue 13): each process sweeps only its shards' guilds, and together they
sweep every guild exactly once. On SQLite and PostgreSQL; a second service with its own engine
stands for a second process on the same database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import BigInteger, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.config import DigestConfigService
from bot.services.exchange.bridges import BridgeService
from bot.services.penpal.pool import JoinRequest, PenpalService
from bot.services.penpal.proposals import PenpalProposalService
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.settings import MAX_SNOWFLAKE
from bot.translation.engine import TranslationEngine
from db.engine import create_engine, create_sessionmaker
from db.enums import ChannelKind, PenpalLevel, ProposalStatus, RelayStatus, Side
from db.models import PenpalProposal, RelayedMessage
from db.repositories import BridgeRepository
from db.repositories.failure_notice import FailureNoticeRepository
from db.repositories.relay import RelayRepository
from db.shards import ShardScope, shard_expression, shard_of
from tests.db.digest_support import configure
from tests.support.clock import MovableClock
from tests.support.recording_sink import OutageSink
from tests.support.translators import guild_translator

# Real-sized snowflakes: the first lives on shard 0 of 2, the second on shard 1.
GUILD_ON_0 = (300_000_000_000 << 22) | 12345
GUILD_ON_1 = (300_000_000_001 << 22) | 12345
GUILDS = (GUILD_ON_0, GUILD_ON_1)
SHARD_0, SHARD_1 = ShardScope(2, frozenset({0})), ShardScope(2, frozenset({1}))
EMILY = Author(2, "Emily")


def test_shard_of_follows_discords_formula() -> None:
    assert shard_of(GUILD_ON_0, 2) == 0 and shard_of(GUILD_ON_1, 2) == 1
    assert shard_of(81384788765712384, 1) == 0
    # The low 22 bits (worker, process, increment) never move a guild to another shard.
    assert shard_of((12345 << 22) | 0x3FFFFF, 16) == shard_of(12345 << 22, 16) == 12345 % 16
    assert SHARD_0.owns(GUILD_ON_0) and not SHARD_0.owns(GUILD_ON_1)


@pytest.mark.parametrize("count", [1, 2, 7, 16, 1000])
async def test_the_sql_shard_matches_the_python_one(session: AsyncSession, count: int) -> None:
    guild_ids = [1, 2**22, 81384788765712384, GUILD_ON_0, GUILD_ON_1, MAX_SNOWFLAKE]
    for guild_id in guild_ids:
        shard = await session.scalar(select(shard_expression(literal(guild_id, BigInteger), count)))
        assert shard == shard_of(guild_id, count), guild_id


# ----------------------------------------------------------------------------- relay
async def _failed_replies(
    sessions: async_sessionmaker[AsyncSession], relay: RelayService, sink: OutageSink
) -> None:
    """In each guild a question thread whose three replies failed to mirror (to be retried)."""
    for n, guild_id in enumerate(GUILDS):
        en, zh = 1000 + 10 * n, 1001 + 10 * n
        await BridgeService(sessions).link(
            guild_id, (en, ChannelKind.TEXT), (zh, ChannelKind.TEXT), by=1
        )
        opened = await relay.open_question(
            sink, IncomingMessage(guild_id, en, 100 + n, EMILY, f"question {n}")
        )
        assert opened is not None and opened.origin_thread_id
        sink.down = True
        for m in range(3):
            message = IncomingMessage(
                guild_id, en, 200 + 10 * n + m, EMILY, f"g{n} reply {m}", opened.origin_thread_id
            )
            await relay.mirror_reply(sink, message)
        sink.down = False


def _relay(
    sessions: async_sessionmaker[AsyncSession],
    clock: MovableClock,
    owner: str,
    shards: ShardScope | None,
) -> RelayService:
    translator = guild_translator(sessions, TranslationEngine({}))
    return RelayService(sessions, translator, clock=clock, owner=owner, shards=shards)


async def test_each_cluster_retries_only_its_guilds_and_together_all_once(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock, db_url: str
) -> None:
    sink = OutageSink()
    await _failed_replies(session_factory, _relay(session_factory, bot_clock, "x", None), sink)
    bot_clock.advance(timedelta(hours=1))
    other_engine = create_engine(db_url)
    try:
        zero = _relay(session_factory, bot_clock, "zero", SHARD_0)
        one = _relay(create_sessionmaker(other_engine), bot_clock, "one", SHARD_1)
        shown = await asyncio.gather(zero.retry_due(sink), one.retry_due(sink))
        assert await zero.retry_due(sink) == await one.retry_due(sink) == 0
    finally:
        await other_engine.dispose()

    assert list(shown) == [3, 3]
    posted = list(sink.contents.values())
    for n in range(2):
        replies = [c for c in posted if f"g{n} reply" in c]
        assert [r.split("reply ")[1][0] for r in replies] == ["0", "1", "2"]  # once, in order


async def test_a_cluster_leaves_other_shards_relays_due(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    sink = OutageSink()
    await _failed_replies(session_factory, _relay(session_factory, bot_clock, "x", None), sink)
    bot_clock.advance(timedelta(hours=1))

    assert await _relay(session_factory, bot_clock, "one", SHARD_1).retry_due(sink) == 3
    assert not any("g0 reply" in c for c in sink.contents.values())
    assert await _relay(session_factory, bot_clock, "all", None).retry_due(sink) == 3


# ---------------------------------------------------------------------------- pen pals
async def _expiring_proposals(
    sessions: async_sessionmaker[AsyncSession], clock: MovableClock
) -> dict[int, int]:
    """In each guild a proposal whose English member accepted and whose Chinese member did
    not answer, now past its answer time; the accepting member of each guild."""
    pool = PenpalService(sessions, clock=clock)
    proposals = _proposals(sessions, clock, None)
    accepted = {}
    for n, guild_id in enumerate(GUILDS):
        await pool.configure(guild_id, en_channel_id=1, zh_channel_id=2, moderators_channel_id=3)
        en, zh = 10 + n, 20 + n
        for user, side in ((en, Side.EN), (zh, Side.ZH)):
            clock.advance(timedelta(seconds=1))
            await pool.join(_request(guild_id, user, side))
        [card] = [c for c in await proposals.match(guild_id) if c.recipient_id == en]
        await proposals.answer(card.proposal_id, en, accept=True)
        accepted[guild_id] = en
    clock.advance(timedelta(hours=49))
    return accepted


def _request(guild_id: int, user_id: int, side: Side) -> JoinRequest:
    return JoinRequest(
        guild_id=guild_id,
        user_id=user_id,
        side=side,
        level=PenpalLevel.BEGINNER,
        interests=[],
        timezone="Asia/Shanghai",
        intro=f"hi from {user_id}",
        adult=True,
        consent=True,
    )


def _proposals(
    sessions: async_sessionmaker[AsyncSession], clock: MovableClock, shards: ShardScope | None
) -> PenpalProposalService:
    return PenpalProposalService(
        sessions, None, proposal_lifetime=timedelta(hours=48), clock=clock, shards=shards
    )


async def _expired_count(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        return int(
            await session.scalar(
                select(func.count()).where(PenpalProposal.status == ProposalStatus.EXPIRED)
            )
            or 0
        )


async def test_each_cluster_expires_only_its_guilds_proposals(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    accepted = await _expiring_proposals(session_factory, bot_clock)
    zero = _proposals(session_factory, bot_clock, SHARD_0)
    one = _proposals(session_factory, bot_clock, SHARD_1)

    assert await one.expire_due() == [accepted[GUILD_ON_1]]
    assert await _expired_count(session_factory) == 1
    assert await zero.expire_due() == [accepted[GUILD_ON_0]]
    assert await zero.expire_due() == await one.expire_due() == []


async def test_two_processes_expiring_at_once_tell_each_member_once(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock, db_url: str
) -> None:
    accepted = await _expiring_proposals(session_factory, bot_clock)
    other_engine = create_engine(db_url)
    try:
        first, second = await asyncio.gather(
            _proposals(session_factory, bot_clock, None).expire_due(),
            _proposals(create_sessionmaker(other_engine), bot_clock, None).expire_due(),
        )
    finally:
        await other_engine.dispose()

    assert sorted(first + second) == sorted(accepted.values())  # each told once, by one
    assert await _expired_count(session_factory) == 2


async def test_each_cluster_matches_only_its_guilds(
    session_factory: async_sessionmaker[AsyncSession], bot_clock: MovableClock
) -> None:
    pool = PenpalService(session_factory, clock=bot_clock)
    for n, guild_id in enumerate(GUILDS):
        await pool.configure(guild_id, en_channel_id=1, zh_channel_id=2, moderators_channel_id=3)
        await pool.join(_request(guild_id, 10 + n, Side.EN))

    assert await _proposals(session_factory, bot_clock, SHARD_0).guilds_to_match() == [GUILD_ON_0]
    assert await _proposals(session_factory, bot_clock, SHARD_1).guilds_to_match() == [GUILD_ON_1]
    everyone = await _proposals(session_factory, bot_clock, None).guilds_to_match()
    assert sorted(everyone) == sorted(GUILDS)


# ------------------------------------------------------------------------------ digest
async def test_each_cluster_schedules_and_catches_up_only_its_guilds_digests(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    for guild_id in GUILDS:
        await configure(session_factory, guild_id=guild_id)

    zero = await DigestConfigService(session_factory, SHARD_0).enabled()
    one = await DigestConfigService(session_factory, SHARD_1).enabled()
    every = await DigestConfigService(session_factory).enabled()
    assert [s.guild_id for s in zero] == [GUILD_ON_0]
    assert [s.guild_id for s in one] == [GUILD_ON_1]
    assert [s.guild_id for s in every] == sorted(GUILDS)


# ------------------------------------------------- failure notices, late translations
def _relay_row(guild_id: int, origin: int, mirror: int, status: RelayStatus) -> RelayedMessage:
    return RelayedMessage(
        guild_id=guild_id,
        origin_side=Side.ZH,
        author_id=7,
        origin_message_id=origin * 10 + int(status is RelayStatus.DELIVERED),
        origin_channel_id=origin,
        mirror_channel_id=mirror,
        mirror_message_id=origin * 100 if status is RelayStatus.DELIVERED else None,
        original_text="你好",
        status=status,
        next_retry_at=datetime(2026, 3, 2, tzinfo=UTC),
    )


async def test_each_cluster_notices_failing_bridges_and_late_translations_of_its_guilds(
    session: AsyncSession,
) -> None:
    bridge_of = {}
    for n, guild_id in enumerate(GUILDS):
        zh, en = 400 + n, 300 + n
        bridge = await BridgeRepository(session).add(
            guild_id,
            en_channel_id=en,
            en_kind=ChannelKind.TEXT,
            zh_channel_id=zh,
            zh_kind=ChannelKind.TEXT,
        )
        bridge_of[guild_id] = bridge.id
        session.add(_relay_row(guild_id, zh, en, RelayStatus.DEAD))
        session.add(_relay_row(guild_id, zh, en, RelayStatus.DELIVERED))  # no model then
    await session.commit()

    notices = FailureNoticeRepository(session)
    for scope, guild_id in ((SHARD_0, GUILD_ON_0), (SHARD_1, GUILD_ON_1)):
        targets = await notices.bridges_starting_to_fail(3, scope)
        assert [(t.bridge_id, t.guild_id) for t in targets] == [(bridge_of[guild_id], guild_id)]
        untranslated = await RelayRepository(session).list_untranslated([Side.ZH], 0, 10, scope)
        assert [row.guild_id for row in untranslated] == [guild_id]
    assert len(await notices.bridges_starting_to_fail(3)) == 2
    assert len(await RelayRepository(session).list_untranslated([Side.ZH], 0, 10)) == 2
