"""One shard cluster as its own OS process: the real sharded YiqiBot on its own SimCord world,
the shared PostgreSQL database, translation through the workers on NATS.

``python -m tests.support.cluster_process SHARD DATABASE_URL NATS_URL SUBJECT_PREFIX``

The test drives it over stdin/stdout, one JSON object a line: it reads ``{"do": action,
...arguments}`` and answers ``@@{"ok": result}`` (or ``@@{"error": text}``) once the world
has settled, so the test can make both clusters act at the same moment. The first answer
(``ready``) comes once the world is built. ``stop`` closes the bot and ends the process.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import simcord
from simcord.gateway import ShardRouter

from bot.settings import Settings
from bot.shards import build_bot
from bot.translation.remote.client import connect_engine
from demo.simcord_threads import webhook_threads
from tests.support.clock import MovableClock
from tests.support.cluster_world import (
    WORLD_SPACING_DAYS,
    ClusterWorld,
    OneLineComposer,
    build_world,
)
from tests.support.relay_faults.asyncpg_timers import no_statement_expiry_timers
from tests.support.relay_faults.timing import FaultTime

SHARD_COUNT = 2
# No request here should time out: SimCord runs the timers of the bot's tasks on its virtual
# clock, and a request's timeout is one, which a world cannot reach while the request waits
# (so a frozen or killed worker is not part of this test: tests/db/test_relay_workers.py).
NATS_TIMEOUT_SECONDS = 30.0
PROTOCOL = "@@"


def dump_tasks() -> None:
    """On SIGUSR1 (the test sends it when an answer is late): where every task waits."""
    for task in asyncio.all_tasks():
        where: list[str] = []
        awaited: Any = task.get_coro()
        while awaited is not None and hasattr(awaited, "cr_frame"):
            frame = awaited.cr_frame
            if frame is not None:
                where.append(f"{frame.f_code.co_filename}:{frame.f_lineno} {frame.f_code.co_name}")
            awaited = getattr(awaited, "cr_await", None)
        sys.stderr.write(f"task {task.get_name()}:\n  " + "\n  ".join(where) + "\n")
    sys.stderr.flush()


def answer(payload: dict[str, Any]) -> None:
    sys.stdout.write(PROTOCOL + json.dumps(payload) + "\n")
    sys.stdout.flush()


async def commands() -> Any:
    """The test's requests, read off the loop (stdin is a pipe)."""
    while line := await asyncio.to_thread(sys.stdin.readline):
        yield json.loads(line)


async def serve(world: ClusterWorld) -> None:
    actions: dict[str, Callable[..., Any]] = {
        "burst": world.burst, "sweep": world.sweep, "advance": world.advance,
        "match": world.match, "accept": world.accept, "digest_due": world.digest_due,
        "digest": world.digest, "report": world.report,
    }  # fmt: skip
    async for request in commands():
        action = request.pop("do")
        if action == "stop":
            return
        try:
            result = actions[action](**request)
            if asyncio.iscoroutine(result):
                result = await result
            answer({"ok": result})
        except Exception:
            answer({"error": traceback.format_exc()})


@contextmanager
def direct_messages_to(shard: int) -> Iterator[None]:
    """DMs (and their buttons) reach this cluster's shard.

    On Discord they arrive on shard 0 only, whichever guild they are about; shard 0 runs in
    the other process, whose SimCord world does not hold this world's members. So each world
    hands its guild-less events to its own shard (SimCord would drop them). Answering a DM
    for a guild the cluster does not run is tested in tests/discord/test_penpal.py
    (test_accept_opens_the_pair_from_a_process_that_does_not_cache_the_guild).
    """
    original = ShardRouter._event_shard_id

    def routed(self: ShardRouter, event: str, payload: Mapping[str, Any]) -> int:
        found: int = original(self, event, payload)
        return found if found in self.shard_ids else shard

    ShardRouter._event_shard_id = routed  # type: ignore[method-assign]
    try:
        yield
    finally:
        ShardRouter._event_shard_id = original  # type: ignore[method-assign]


def settings(shard: int, database_url: str, data_dir: Path) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        shard_count=SHARD_COUNT,
        shard_ids=frozenset({shard}),
        translation_cache=False,
        relay_retry_seconds=3600,  # the test runs the sweeps itself, in both clusters at once
        penpal_match_seconds=86400,
    )


async def main(shard: int, database_url: str, nats_url: str, prefix: str) -> None:
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, dump_tasks)
    wall = MovableClock()
    # Connected before SimCord runs the bot: NATS's own tasks are not the bot's work.
    engine = await connect_engine(
        nats_url, ["en_zh", "zh_en"], request_timeout=NATS_TIMEOUT_SECONDS, subject_prefix=prefix
    )
    # Its first request opens the connection's reply inbox (a task waiting on a queue for
    # good): opened here, outside the bot's work, SimCord's settle() does not wait on it.
    assert await engine.reachable(), "no translation worker answers"
    data_dir = Path(tempfile.mkdtemp(prefix=f"yiqi-cluster-{shard}-"))
    bot = build_bot(
        settings(shard, database_url, data_dir),
        translation=engine,
        digest_composer=OneLineComposer(),
        time_source=FaultTime(wall),
        clock=wall,
    )
    try:
        with webhook_threads(), no_statement_expiry_timers(), direct_messages_to(shard):
            async with simcord.run(bot, settle_timeout=300) as env:
                # Ids unique across both worlds, as Discord's are (they share one database).
                env.backend.clock.advance(shard * WORLD_SPACING_DAYS * 86400)
                if not bot.syncs_commands:
                    # Commands are global: the cluster of shard 0 synced them with Discord.
                    # This world is another copy of Discord, so it learns them here.
                    await bot.tree.sync()
                try:
                    world = await build_world(env, bot, wall, shard)
                except Exception:
                    answer({"error": traceback.format_exc()})
                    raise
                answer({"ok": {"ready": shard, "guild_id": world.guild.id}})
                await serve(world)
    finally:
        await bot.close()
        await engine.close()


if __name__ == "__main__":
    shard_arg, url_arg, nats_arg, prefix_arg = sys.argv[1:5]
    asyncio.run(main(int(shard_arg), url_arg, nats_arg, prefix_arg))
