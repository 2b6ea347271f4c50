"""Pen-pal matching away from the event loop: a 10k × 30k pool never stalls the loop, and
what changes while the solver runs (someone leaves, pauses, blocks, switches sides, gets
proposed or paired) is re-checked before any proposal is written."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import random
from collections.abc import Awaitable, Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from types import TracebackType

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.penpal.matching import Candidate, Match, OffLoopMatcher, PenpalMatcher
from bot.services.penpal.proposals import PenpalProposalService
from db.enums import PenpalLevel, PenpalStatus, ProposalStatus, Side
from db.models import Guild, PenpalProfile, PenpalProposal
from db.repositories.penpal import PenpalRepository
from tests.db.test_penpal import GUILD, PenPals

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
TAGS = [f"tag{i}" for i in range(40)]
ZONES = ["America/New_York", "Europe/London", "Asia/Shanghai", "Asia/Taipei", "Australia/Sydney"]
# Generous for a loaded 2-core host: a stalled loop is late by seconds (the solve takes 4+ s).
WORST_LATENESS_S = 0.5


class LoopTicker:
    """Wakes every 50 ms while active and records how late each wake-up was."""

    def __init__(self, period: float = 0.05) -> None:
        self.period = period
        self.ticks = 0
        self.worst_lateness = 0.0
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> LoopTicker:
        gc.collect()
        gc.freeze()  # a full collection over a big heap is not what this measures
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._task is not None
        self._task.cancel()
        gc.unfreeze()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time() + self.period
        while True:
            await asyncio.sleep(max(0.0, due - loop.time()))
            self.ticks += 1
            self.worst_lateness = max(self.worst_lateness, loop.time() - due)
            due = loop.time() + self.period


def random_pool(rng: random.Random, side: Side, size: int, first_id: int) -> list[Candidate]:
    return [
        Candidate(
            profile_id=first_id + i,
            user_id=first_id + i,
            side=side,
            level=rng.choice(list(PenpalLevel)),
            interests=frozenset(rng.sample(TAGS, rng.randint(0, 6))),
            timezone=rng.choice(ZONES),
            waiting_since=NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
        )
        for i in range(size)
    ]


@pytest.fixture(scope="module")
def matcher_processes() -> Iterator[ProcessPoolExecutor]:
    """The worker process as the app builds it (spawned; started on first use)."""
    processes = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield processes
    finally:
        processes.shutdown(wait=True, cancel_futures=True)


async def test_a_10k_by_30k_match_keeps_the_event_loop_on_time(
    matcher_processes: ProcessPoolExecutor,
) -> None:
    rng = random.Random(1)
    english = random_pool(rng, Side.EN, 10_000, 0)
    chinese = random_pool(rng, Side.ZH, 30_000, 1_000_000)
    excluded = {(en.user_id, rng.choice(chinese).user_id) for en in english}
    matcher = OffLoopMatcher(matcher_processes)
    async with LoopTicker() as ticker:
        matches = await matcher.match(english, chinese, now=NOW, excluded=excluded)
    assert len(matches) == 10_000
    assert len({m.zh.user_id for m in matches}) == 10_000
    assert not {(m.en.user_id, m.zh.user_id) for m in matches} & excluded
    assert ticker.ticks >= 20  # the loop kept ticking the whole time (seconds of solving)
    assert ticker.worst_lateness < WORST_LATENESS_S


async def test_the_worker_process_finds_the_same_pairs_as_the_matcher_itself(
    matcher_processes: ProcessPoolExecutor,
) -> None:
    rng = random.Random(2)
    english = random_pool(rng, Side.EN, 300, 0)
    chinese = random_pool(rng, Side.ZH, 700, 1_000)
    excluded = {(en.user_id, rng.choice(chinese).user_id) for en in english}
    in_process = PenpalMatcher(now=NOW).match(english, chinese, excluded=excluded)
    worker = OffLoopMatcher(matcher_processes, process_from_pairs=0)
    found = await worker.match(english, chinese, now=NOW, excluded=excluded)
    assert found == in_process
    assert all(m.en is english[english.index(m.en)] for m in found)  # the caller's objects


async def test_the_database_side_of_a_10k_by_30k_match_keeps_the_loop_on_time(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    rng = random.Random(3)
    async with session_factory() as session, session.begin():
        await session.execute(
            insert(Guild), [{"id": GUILD, "penpal_en_channel_id": 1, "penpal_zh_channel_id": 2}]
        )
        await session.execute(
            insert(PenpalProfile),
            [
                {
                    "guild_id": GUILD,
                    "user_id": 10_000 + i,
                    "side": Side.EN if i < 10_000 else Side.ZH,
                    "level": rng.choice(list(PenpalLevel)),
                    "interests": rng.sample(TAGS, rng.randint(0, 6)),
                    "timezone": rng.choice(ZONES),
                    "status": PenpalStatus.ACTIVE,
                    "queued_since": NOW - timedelta(minutes=i),
                }
                for i in range(40_000)
            ],
        )
    async with LoopTicker() as ticker:
        async with session_factory() as session:
            pool = [p async for rows in PenpalRepository(session).waiting_pool(GUILD) for p in rows]
        english = [p.id for p in pool if p.side is Side.EN]
        chinese = [p.id for p in pool if p.side is Side.ZH]
        async with session_factory() as session, session.begin():
            repo = PenpalRepository(session)
            places = await repo.queue_places(GUILD)
            ids = await repo.add_proposals(
                GUILD, list(zip(english, chinese, strict=False)), expires_at=NOW
            )
    assert (len(english), len(chinese), len(places), len(set(ids))) == (
        10_000,
        30_000,
        40_000,
        10_000,
    )
    assert ticker.worst_lateness < WORST_LATENESS_S
    async with session_factory() as session:
        repo = PenpalRepository(session)
        assert len(await repo.queue_places(GUILD)) == 20_000  # the proposed left the pool
        proposal = await repo.proposal(ids[-1])
        assert proposal is not None and proposal.en_profile_id == english[-1]
        assert proposal.zh_profile_id == chinese[9_999]


# --- the re-check between solving and writing --------------------------------------------------


class Meanwhile(OffLoopMatcher):
    """The real matcher, and something else happening before its answer is written."""

    def __init__(self, action: Callable[[], Awaitable[object]]) -> None:
        super().__init__()
        self._action = action

    async def match(
        self,
        english: Sequence[Candidate],
        chinese: Sequence[Candidate],
        *,
        now: datetime,
        excluded: Collection[tuple[int, int]] = (),
    ) -> list[Match]:
        found = await super().match(english, chinese, now=now, excluded=excluded)
        await self._action()
        return found


async def two_pairs(p: PenPals) -> None:
    """1–21 share cats, 2–22 share food: the matcher proposes exactly these two pairs."""
    await p.setup()
    await p.join(1, Side.EN, "cats")
    await p.join(2, Side.EN, "food")
    await p.join(21, Side.ZH, "cats")
    await p.join(22, Side.ZH, "food")


def proposed_with(p: PenPals, action: Callable[[], Awaitable[object]]) -> PenpalProposalService:
    return PenpalProposalService(
        p.sessions,
        None,
        proposal_lifetime=timedelta(hours=48),
        clock=p.clock,
        matcher=Meanwhile(action),
    )


async def proposals_by_status(
    sessions: async_sessionmaker[AsyncSession],
) -> dict[ProposalStatus, int]:
    async with sessions() as session:
        rows = await session.execute(
            select(PenpalProposal.status, func.count()).group_by(PenpalProposal.status)
        )
        return dict(rows.all())


@pytest.mark.parametrize(
    "meanwhile",
    ["leaves", "pauses", "blocks 21", "switches sides"],
)
async def test_a_member_who_changes_while_the_solver_runs_is_not_proposed(
    session_factory: async_sessionmaker[AsyncSession], meanwhile: str
) -> None:
    p = PenPals(session_factory)
    await two_pairs(p)
    actions = {
        "leaves": lambda: p.pool.leave(GUILD, 1),
        "pauses": lambda: p.pool.pause(GUILD, 1),
        "blocks 21": lambda: p.safety.block(GUILD, 1, 21),
        "switches sides": lambda: p.join(1, Side.ZH, "cats"),
    }
    cards = await proposed_with(p, actions[meanwhile]).match(GUILD)
    # Only 1's pair is dropped; 21 waits for the next run.
    assert {(c.recipient_id, c.partner_id) for c in cards} == {(2, 22), (22, 2)}
    status = await p.pool.status(GUILD, 21)
    assert status.status is PenpalStatus.ACTIVE and status.waitlist_position is not None
    assert status.proposed_partner_id is None


async def test_members_proposed_and_paired_while_the_solver_runs_are_not_proposed_again(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    p = PenPals(session_factory)
    await two_pairs(p)
    # Another run proposes both pairs and 1–21 accept, all before this run writes.
    cards = await proposed_with(p, lambda: p.pair_up(1, 21)).match(GUILD)
    assert cards == []
    assert await proposals_by_status(session_factory) == {
        ProposalStatus.ACCEPTED: 1,
        ProposalStatus.PENDING: 1,
    }
    assert (await p.pool.status(GUILD, 1)).partner_id == 21
    assert (await p.pool.status(GUILD, 2)).proposed_partner_id == 22


async def test_the_solver_runs_with_no_session_open(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """SQLite has one connection: a session held across the solve would block this write."""
    p = PenPals(session_factory)
    await two_pairs(p)

    async def join_late() -> None:
        await asyncio.wait_for(p.join(23, Side.ZH, "cats"), timeout=30)

    cards = await proposed_with(p, join_late).match(GUILD)
    assert {c.recipient_id for c in cards} == {1, 2, 21, 22}
    assert (await p.pool.status(GUILD, 23)).waitlist_position == 1
