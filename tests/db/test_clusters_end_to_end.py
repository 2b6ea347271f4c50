"""Two shard clusters end to end (issue 13): two OS processes each run the real sharded bot
(shard 0 and shard 1 of 2) on their own SimCord world, over one PostgreSQL database, with
translation by two ``yiqi translate-worker`` processes on the local NATS (tiny packages).

Each world holds one server on its cluster's shard with a bridged question, four pen-pal
candidates and a digest channel. Both clusters take a burst of replies (the first part
during a Discord outage, then a few 429s); one worker is then ``kill -9``-ed, and the
clusters sweep, match pen pals, let proposals expire and post a digest due now, at the same
moments. Counted on each world and in the database: every reply mirrored exactly once and
in order, every Discord post attempt recorded, each proposal's DMs sent once, each digest
posted once, and nothing done by the cluster that does not run the guild.

A worker frozen or killed *mid-burst* is not here: its requests would wait for a timeout
that SimCord runs on its virtual clock, which a world cannot reach while they wait. That
case is tests/db/test_relay_workers.py (service level, same workers).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine
from db.enums import ProposalStatus, RelayStatus
from db.migrate import upgrade_database
from db.models import PenpalPair, PenpalProposal, PostedDigest, RelayedMessage
from db.shards import shard_of
from tests.db.scratch_databases import create_scratch_database, drop_scratch_database
from tests.support.cluster_control import ClusterProcess, together
from tests.support.nats_workers import NATS_URL, WorkerProcess, needs_nats, unique_prefix

POSTGRES_ADMIN_URL = os.environ.get("YIQI_TEST_DATABASE_URL", "")
pytestmark = [
    *needs_nats,
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_ADMIN_URL, reason="YIQI_TEST_DATABASE_URL is not set"),
]
BURST, OUTAGE = 24, 12
PROPOSAL_HOURS = 48
SWEEP_ROUND = timedelta(hours=2)  # past the longest retry backoff


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    url = await create_scratch_database(POSTGRES_ADMIN_URL)
    try:
        await asyncio.to_thread(upgrade_database, url)
        yield url
    finally:
        await drop_scratch_database(POSTGRES_ADMIN_URL, url)


async def _relays(engine: AsyncEngine, guild_id: int) -> dict[int, tuple[Any, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(
                RelayedMessage.origin_message_id, RelayedMessage.status, RelayedMessage.attempts,
                RelayedMessage.next_retry_at, RelayedMessage.lease_owner,
                RelayedMessage.mirror_message_id,
            ).where(RelayedMessage.guild_id == guild_id)
        )  # fmt: skip
        return {row[0]: tuple(row[1:]) for row in rows}


async def test_two_clusters_handle_every_relay_proposal_and_digest_exactly_once(
    database_url: str, tiny_data_dir: Path, tmp_path: Path
) -> None:
    prefix = unique_prefix()
    workers = [await WorkerProcess.start(tiny_data_dir, prefix) for _ in range(2)]
    engine = create_engine(database_url)
    clusters: list[ClusterProcess] = []
    try:
        clusters = list(
            await asyncio.gather(
                *(
                    ClusterProcess.start(s, database_url, NATS_URL, prefix, tmp_path / f"c{s}.log")
                    for s in (0, 1)
                )
            )
        )
        assert [shard_of(c.guild_id, 2) for c in clusters] == [0, 1]

        # The burst, both clusters at once: Discord is out for a while, then answers 429s.
        await together(clusters, "burst", size=BURST, outage=OUTAGE)
        after_burst = [await _relays(engine, c.guild_id) for c in clusters]
        # One worker dies for good; the other translates everything from here on.
        await workers[1].kill()
        await asyncio.sleep(0.5)  # NATS drops its subscription as the socket closes

        # Cluster 1 sweeps alone, long after every backoff: cluster 0's relays stay as they were.
        await together(clusters, "advance", seconds=SWEEP_ROUND.total_seconds())
        for _ in range(10):
            if (await clusters[1].ask("sweep"))["waiting"] == 0:
                break
            await clusters[1].ask("advance", seconds=SWEEP_ROUND.total_seconds())
        assert await _relays(engine, clusters[0].guild_id) == after_burst[0]
        assert any(status is RelayStatus.FAILED for status, *_ in after_burst[0].values())

        # Then both sweep at the same moments until nothing waits.
        for _ in range(10):
            if not any(a["waiting"] for a in await together(clusters, "sweep")):
                break
            await together(clusters, "advance", seconds=SWEEP_ROUND.total_seconds())

        # Pen pals: both clusters match at once. In each guild Alice's pair both accept; in
        # the other proposal only the English side does, and it expires (both clusters'
        # jobs run twice at once past the deadline).
        await together(clusters, "match")
        cards = await together(clusters, "report")
        for cluster, report in zip(clusters, cards, strict=True):
            partner = _partner_of_alice(report["dms"]["alice"])
            await cluster.ask("accept", names=["alice", partner, "bob"])
        await together(clusters, "advance", seconds=(PROPOSAL_HOURS + 1) * 3600)
        for _ in range(2):
            await together(clusters, "match")

        # A digest due now: both clusters' hourly digest sweeps, twice, at the same moments.
        await together(clusters, "digest_due")
        for _ in range(2):
            await together(clusters, "digest")
        reports = await together(clusters, "report")
    finally:
        for cluster in clusters:
            await cluster.stop()
        for worker in workers:
            if worker.process.returncode is None:
                await worker.kill()
        if "reports" not in locals():
            await engine.dispose()
    try:
        for cluster, report, burst in zip(clusters, reports, after_burst, strict=True):
            await _check_relays(engine, cluster.guild_id, report, burst)
            await _check_penpals(engine, cluster.guild_id, report)
            await _check_digest(engine, cluster.guild_id, report)
            assert report["handler_errors"] == [] and report["api_violations"] == ""
    finally:
        await engine.dispose()


NAMES = {"小伟": "wei", "小李": "li"}


def _partner_of_alice(dms: list[str]) -> str:
    [card] = dms
    return next(name for shown, name in NAMES.items() if f"pen pal: {shown}!" in card)


async def _check_relays(
    engine: AsyncEngine, guild_id: int, report: dict[str, Any], burst: dict[int, tuple[Any, ...]]
) -> None:
    tally = report["tally"]
    assert (tally["delivered"], tally["duplicated"], tally["lost"]) == (BURST, 0, 0), tally
    assert (tally["out_of_order"], tally["dead"], tally["wrong"]) == (0, 0, []), tally
    relays = await _relays(engine, guild_id)
    origins = {int(n): m for n, m in report["origins"].items()}
    for number, origin in origins.items():
        status, attempts, _, lease, mirror = relays[origin]
        assert (status, lease) == (RelayStatus.DELIVERED, None), number
        assert mirror is not None
        # Every attempt recorded is one post Discord received: none made twice (by both
        # clusters, or by a sweep beside the live send), none unrecorded.
        assert attempts == report["posts"][str(number)], (number, attempts, burst[origin])
    failed = [n for n, m in origins.items() if burst[m][0] is RelayStatus.FAILED]
    # The outage failed the first reply (the rest waited behind it, in order); it was retried
    # through the 429s until delivered.
    assert failed and all(report["posts"][str(n)] > 1 for n in failed)
    assert all(report["posts"][str(n)] == 1 for n in origins if n not in failed)


async def _check_penpals(engine: AsyncEngine, guild_id: int, report: dict[str, Any]) -> None:
    dms = report["dms"]
    for name in ("alice", "bob", "wei", "li"):
        cards = [m for m in dms[name] if "pen pal" in m.lower() or "笔友" in m]
        assert len([c for c in cards if "Contact opens only" in c]) == 1, (name, dms[name])
    back = {name: sum("back at the front" in m for m in dms[name]) for name in dms}
    assert back == {"alice": 0, "bob": 1, "wei": 0, "li": 0}, back
    assert report["penpal_threads"] == [1, 1]  # one private thread on each side, once
    async with engine.connect() as connection:
        statuses = sorted(
            (await connection.scalars(
                select(PenpalProposal.status).where(PenpalProposal.guild_id == guild_id)
            )).all()
        )  # fmt: skip
        pairs = (await connection.scalars(
            select(PenpalPair.id).where(PenpalPair.guild_id == guild_id)
        )).all()  # fmt: skip
    assert statuses == sorted([ProposalStatus.ACCEPTED, ProposalStatus.EXPIRED])
    assert len(pairs) == 1


async def _check_digest(engine: AsyncEngine, guild_id: int, report: dict[str, Any]) -> None:
    assert len(report["digests"]) == 1 and str(guild_id) in report["digests"][0]
    async with engine.connect() as connection:
        posted = (await connection.execute(
            select(PostedDigest.week, PostedDigest.status).where(PostedDigest.guild_id == guild_id)
        )).all()  # fmt: skip
    assert len(posted) == 1, posted
