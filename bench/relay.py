"""Relay throughput: 1,000 replies burst into two question threads, through SimCord.

The real bot, the real zh→en model, SQLite. All replies exist before the bot sees any of
them (one gateway burst); latency is from that moment to the mirror's webhook post.
Run as ``python -m bench.relay``; prints one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import simcord

from bench.machine import peak_rss_mib
from bench.translation import percentile
from bot.adapters.mirror_sink import DiscordMirrorSink
from bot.app import YiqiBot
from bot.settings import Settings
from bot.translation.batching import MicroBatcher
from bot.translation.engine import TranslationEngine
from bot.translation.packages import list_installed
from bot.translation.runtime import LoadedModel
from demo.simcord_threads import webhook_threads
from demo.virtual_time import SkippingTime
from demo.world import build_world
from tests.support.discord_api.conformance import ConformanceChecker, describe

REPLIES = int(os.environ.get("YIQI_BENCH_REPLIES", "1000"))
LINES = [
    line.strip()
    for line in (Path(__file__).parent / "data" / "zh_chat.txt").read_text("utf-8").splitlines()
    if line.strip()
]


async def run(models_dir: Path, workdir: Path) -> dict[str, Any]:
    installed = [m for m in list_installed(models_dir) if m.direction == "zh_en"]
    if not installed:
        sys.exit("no zh→en model installed: run `make models`")
    engine = TranslationEngine({"zh_en": LoadedModel(installed[0])})
    settings = Settings(data_dir=workdir, translation_cache=False, relay_retry_seconds=3600)
    # Discord's pacing is kept on a jumping clock: the bench measures Yiqi, not the wait.
    bot = YiqiBot(settings, translation=engine, time_source=SkippingTime())
    posted_at: list[float] = []
    original_post = DiscordMirrorSink.post

    async def timed_post(self: DiscordMirrorSink, *args: Any, **kwargs: Any) -> int:
        message_id = await original_post(self, *args, **kwargs)
        posted_at.append(time.perf_counter())
        return message_id

    DiscordMirrorSink.post = timed_post  # type: ignore[method-assign]
    try:
        with webhook_threads():
            async with simcord.run(bot, settle_timeout=600) as env:
                world = await build_world(env)
                await world.emily.send(world.english, "Does every Chinese person own a panda?")
                await world.emily.send(world.english, "Do Americans really work two jobs?")
                mirrors = sorted(world.chinese.threads, key=lambda t: t.id)
                for index in range(REPLIES):
                    env.backend.create_message(
                        mirrors[index % 2].id,
                        world.xiaohong.id,
                        f"{LINES[index % len(LINES)]}（{index}）",
                    )
                posted_at.clear()
                started = time.perf_counter()
                await env.settle(timeout=600)
                total = time.perf_counter() - started
                origins = world.english.threads
                delivered = sum(1 for t in origins for m in t.history() if m.webhook_id is not None)
                batcher = engine.batcher("zh_en")
                # A burst is only worth measuring if every request is one Discord would take.
                violations = ConformanceChecker().check_log(env.http_requests)
                if violations:
                    sys.exit(describe(violations))
    finally:
        DiscordMirrorSink.post = original_post  # type: ignore[method-assign]
        await engine.close()
    return relay_summary(delivered, total, [t - started for t in posted_at], batcher)


def relay_summary(
    delivered: int, total: float, latencies: list[float], batcher: MicroBatcher[str, str] | None
) -> dict[str, Any]:
    """The figures both relay benchmarks report (latencies in seconds from the burst)."""
    return {
        "replies": REPLIES,
        "delivered": delivered,
        "relays_per_s": delivered / total,
        "total_s": total,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "model_calls": batcher.stats.batches if batcher else 0,
        "peak_rss_mib": peak_rss_mib(),
    }


def main() -> None:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    with tempfile.TemporaryDirectory(prefix="yiqi-bench-relay-") as workdir:
        result = asyncio.run(run(data_dir / "models", Path(workdir)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
