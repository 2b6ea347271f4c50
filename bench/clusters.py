"""Two shard clusters relaying a 1,000-reply burst together over one PostgreSQL (issue 13).

Ten guilds, five on each shard of two. Each reply reaches the cluster that runs its guild (as
the gateway routes it), through the relay service's live path; Discord is unreachable for the
first half of the burst, so those replies wait in the database and the later ones of each
thread wait behind them. Then both clusters sweep at once until nothing is due. Counted on
each cluster's own sink: delivered once, duplicated, lost, out of order, and by the cluster
that does not run the guild (must be 0). No model (mirrors untranslated): this is about
delivery across processes. Each cluster has its own engine (its own connections).

Needs ``YIQI_BENCH_DATABASE_URL`` (a server to make a scratch database on); prints one JSON
object. ``python -m bench.clusters``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from bot.services.exchange.bridges import BridgeService
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.service import RelayService
from bot.translation.engine import TranslationEngine
from db.engine import create_engine, create_sessionmaker
from db.enums import ChannelKind
from db.migrate import upgrade_database
from db.shards import ShardScope, shard_of
from tests.db.scratch_databases import create_scratch_database, drop_scratch_database
from tests.support.clock import MovableClock
from tests.support.recording_sink import OutageSink as Sink
from tests.support.translators import guild_translator

REPLIES = int(os.environ.get("YIQI_BENCH_CLUSTER_BURST", "1000"))
GUILDS = [(300_000_000_000 + n) << 22 for n in range(10)]  # shard = n % 2
EMILY = Author(2, "Emily")


async def run(admin_url: str) -> dict[str, Any]:
    url = await create_scratch_database(admin_url)
    engines = [create_engine(url), create_engine(url)]
    try:
        await asyncio.to_thread(upgrade_database, url)
        clock = MovableClock()
        clusters: list[tuple[RelayService, Sink]] = []
        for shard, engine in enumerate(engines):
            sessions = create_sessionmaker(engine)
            translator = guild_translator(sessions, TranslationEngine({}))
            scope = ShardScope(2, frozenset({shard}))
            service = RelayService(
                sessions, translator, clock=clock, owner=f"cluster-{shard}", shards=scope
            )
            sink = Sink()
            sink.ids = itertools.count(10**12 * (shard + 1))  # Discord's ids never collide
            clusters.append((service, sink))
        threads = await _open_questions(clusters, create_sessionmaker(engines[0]))
        replies = [(n % len(GUILDS), n) for n in range(REPLIES)]
        started = time.perf_counter()
        for _, sink in clusters:
            sink.down = True
        half = REPLIES // 2
        await _burst(clusters, threads, replies[:half])
        for _, sink in clusters:
            sink.down = False
        await _burst(clusters, threads, replies[half:])
        burst_s = time.perf_counter() - started
        clock.advance(timedelta(hours=1))
        swept = time.perf_counter()
        rounds = 0
        while sum(await asyncio.gather(*(s.retry_due(k, limit=200) for s, k in clusters))):
            rounds += 1
        sweep_s = time.perf_counter() - swept
        return {"replies": REPLIES, "burst_s": burst_s, "sweep_s": sweep_s, "rounds": rounds,
                **_tally(clusters, replies)}  # fmt: skip
    finally:
        for engine in engines:
            await engine.dispose()
        await drop_scratch_database(admin_url, url)


async def _open_questions(clusters: list[tuple[RelayService, Sink]], sessions: Any) -> list[int]:
    threads = []
    for n, guild_id in enumerate(GUILDS):
        await BridgeService(sessions).link(
            guild_id, (1000 + 2 * n, ChannelKind.TEXT), (1001 + 2 * n, ChannelKind.TEXT), by=1
        )
        service, sink = clusters[shard_of(guild_id, 2)]
        message = IncomingMessage(guild_id, 1000 + 2 * n, 100 + n, EMILY, f"question {n}")
        opened = await service.open_question(sink, message)
        assert opened is not None and opened.origin_thread_id
        threads.append(opened.origin_thread_id)
    return threads


async def _burst(
    clusters: list[tuple[RelayService, Sink]], threads: list[int], replies: list[tuple[int, int]]
) -> None:
    """Every reply at once, each on the cluster that runs its guild."""

    async def one(guild: int, number: int) -> None:
        service, sink = clusters[shard_of(GUILDS[guild], 2)]
        message = IncomingMessage(
            GUILDS[guild], 1000 + 2 * guild, 10**9 + number, EMILY, f"reply #{number}#",
            threads[guild],
        )  # fmt: skip
        await service.mirror_reply(sink, message)

    await asyncio.gather(*(one(guild, number) for guild, number in replies))


def _tally(
    clusters: list[tuple[RelayService, Sink]], replies: list[tuple[int, int]]
) -> dict[str, Any]:
    posts: Counter[int] = Counter()
    wrong_cluster = out_of_order = 0
    for shard, (_, sink) in enumerate(clusters):
        by_thread: dict[int | None, list[int]] = {}
        for message_id in sorted(sink.contents):
            content = sink.contents[message_id]
            if "reply #" not in content:
                continue
            number = int(content.split("reply #")[1].split("#")[0])
            posts[number] += 1
            guild = number % len(GUILDS)
            wrong_cluster += shard_of(GUILDS[guild], 2) != shard
            by_thread.setdefault(sink.threads.get(message_id), []).append(number)
        out_of_order += sum(
            sum(1 for a, b in itertools.pairwise(seq) if a > b) for seq in by_thread.values()
        )
    sent = [number for _, number in replies]
    shown = [sum(1 for c in sink.contents.values() if "reply #" in c) for _, sink in clusters]
    return {
        "delivered": sum(1 for n in sent if posts[n] >= 1),
        "duplicated": sum(posts[n] - 1 for n in sent if posts[n] > 1),
        "lost": sum(1 for n in sent if posts[n] == 0),
        "out_of_order": out_of_order,
        "wrong_cluster": wrong_cluster,
        "per_cluster": shown,
    }


def main() -> None:
    logging.getLogger("bot").setLevel(logging.ERROR)  # one warning per failed post otherwise
    admin_url = os.environ.get("YIQI_BENCH_DATABASE_URL", "")
    result = asyncio.run(run(admin_url)) if admin_url else {"skipped": "no PostgreSQL"}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
