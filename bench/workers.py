"""Translation workers over NATS vs in process: the 200-message burst (issue 13).

The bot's engine (detection, protection, sentences, script conversion in process) with its
model calls sent to 1 or 2 ``yiqi translate-worker`` subprocesses over the local NATS, against
the same engine with the model in process. Real zh→en model, beam 2. Per-hop overhead: the
median round trip of an empty request (JSON both ways, NATS, the worker's admission; no
model). Batch sizes come from the workers' own /metrics.
Run as ``python -m bench.workers``; prints one JSON object (needs NATS at YIQI_NATS_URL,
default nats://127.0.0.1:4222).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import nats

from bench.translation import load_messages, run_engine
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.packages import list_installed
from bot.translation.remote.client import connect_engine
from bot.translation.remote.protocol import Request, encode_request, subject
from bot.translation.runtime import LoadedModel

SINGLE_SAMPLES = 15
HOP_SAMPLES = 50
NATS_URL = os.environ.get("YIQI_NATS_URL", "nats://127.0.0.1:4222")


async def burst(engine: TranslationEngine, messages: list[str]) -> dict[str, float]:
    result = await run_engine(engine, messages)
    del result["batches"]  # the in-process batcher's; the workers' come from /metrics
    singles = []
    for message in messages[-SINGLE_SAMPLES:]:  # idle now; these were translated, so vary them
        t0 = time.perf_counter()
        await engine.translate(message + "。", Reader.EN)
        singles.append(time.perf_counter() - t0)
    result["single_p50_ms"] = statistics.median(singles) * 1000
    return result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_worker(prefix: str, port: int) -> subprocess.Popen[str]:
    env = {**os.environ, "YIQI_NATS_URL": NATS_URL, "YIQI_METRICS_PORT": str(port)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "translate-worker", "--subject-prefix", prefix],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    ready = worker.stdout.readline()
    assert ready.startswith("translation worker ready"), ready
    return worker


def scrape(port: int) -> dict[str, float]:
    """The worker's batch and request totals, read from its /metrics."""
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    values: dict[str, float] = {}
    for line in body.splitlines():
        name, _, value = line.rpartition(" ")
        if name in {"yiqi_worker_batch_size_sum", "yiqi_worker_batch_size_count"}:
            values[name] = float(value)
        if name.startswith('yiqi_worker_requests_total{direction="zh_en",outcome="ok"'):
            values["requests"] = float(value)
    return values


async def through_workers(count: int, messages: list[str]) -> dict[str, Any]:
    prefix = f"yiqi-bench.{uuid.uuid4().hex[:8]}"
    ports = [_free_port() for _ in range(count)]
    workers = [start_worker(prefix, port) for port in ports]
    try:
        engine = await connect_engine(
            NATS_URL, ["zh_en"], request_timeout=120, subject_prefix=prefix
        )
        try:
            result: dict[str, Any] = await burst(engine, messages)
        finally:
            await engine.close()
        result["hop_ms"] = await hop_ms(prefix)
        scraped = [scrape(port) for port in ports]
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait()
    calls = sum(s["yiqi_worker_batch_size_count"] for s in scraped)
    result["model_calls"] = calls
    result["mean_batch"] = sum(s["yiqi_worker_batch_size_sum"] for s in scraped) / calls
    result["requests_per_worker"] = [s["requests"] for s in scraped]
    return result


async def hop_ms(prefix: str) -> float:
    connection = await nats.connect(NATS_URL)
    try:
        payload = encode_request(Request([]))
        trips = []
        for _ in range(HOP_SAMPLES):
            t0 = time.perf_counter()
            await connection.request(subject(prefix, "zh_en"), payload, timeout=10)
            trips.append(time.perf_counter() - t0)
    finally:
        await connection.close()
    return statistics.median(trips) * 1000


async def in_process(installed: Any, messages: list[str]) -> dict[str, Any]:
    engine = TranslationEngine({"zh_en": LoadedModel(installed)})
    try:
        result: dict[str, Any] = await burst(engine, messages)
        batcher = engine.batcher("zh_en")
        assert batcher is not None
        result["model_calls"] = batcher.stats.batches
        result["mean_batch"] = batcher.stats.items / batcher.stats.batches
    finally:
        await engine.close()
    return result


async def run() -> dict[str, Any]:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    installed = [m for m in list_installed(data_dir / "models") if m.direction == "zh_en"]
    if not installed:
        sys.exit("no zh→en model installed: run `make models`")
    messages = load_messages()
    rows = {"in process": await in_process(installed[0], messages)}
    for count in (1, 2):
        rows[f"{count} worker{'s' if count > 1 else ''} over NATS"] = await through_workers(
            count, messages
        )
    return {
        "messages": len(messages),
        "model": installed[0].model_version,
        "rows": rows,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    print(json.dumps(asyncio.run(run())))


if __name__ == "__main__":
    main()
