"""Translation throughput: one CTranslate2 call per message (argostranslate's way) vs Yiqi's engine.

Run as ``python -m bench.translation``; prints one JSON object. Runs in its own process so
its peak RSS is the translation stack's alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.machine import peak_rss_mib
from bench.raw_model import RawModel
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.packages import InstalledModel, list_installed
from bot.translation.runtime import DecodingOptions, LoadedModel
from bot.translation.sentences import split_sentences

CORPUS = Path(__file__).parent / "data" / "zh_chat.txt"
MESSAGES = 200
SINGLE_SAMPLES = 20
CEILING_RUNS = 2


def load_messages(count: int = MESSAGES) -> list[str]:
    """200 distinct chat messages from the 40-line corpus: each line, then pairs of lines."""
    lines = [
        line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    messages = list(lines)
    step = 0
    while len(messages) < count:
        first = step % len(lines)
        second = (first + 1 + step // len(lines)) % len(lines)
        messages.append(lines[first] + lines[second])
        step += 1
    messages = messages[:count]
    # Distinct, so no cache or in-flight sharing flatters the engine.
    assert len(set(messages)) == len(messages), "benchmark messages must be distinct"
    return messages


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def baseline_one_message(model: LoadedModel, message: str, beam: int) -> str:
    """What argostranslate does: one translate_batch call with the message's sentences."""
    sentences = [s for line in split_sentences(message) for s in line.sentences]
    return " ".join(model.translate_sentences(sentences, beam_size=beam))


def run_baseline(model: LoadedModel, messages: list[str], beam: int) -> dict[str, float]:
    started = time.perf_counter()
    latencies = []
    for message in messages:  # all arrived at `started`; served one after another
        baseline_one_message(model, message, beam)
        latencies.append(time.perf_counter() - started)
    return _summary(time.perf_counter() - started, latencies)


async def run_engine(engine: TranslationEngine, messages: list[str]) -> dict[str, float]:
    lag = 0.0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal lag
        interval = 0.005
        expected = time.perf_counter() + interval
        while not stop.is_set():
            await asyncio.sleep(interval)
            now = time.perf_counter()
            lag = max(lag, now - expected)
            expected = now + interval

    tick = asyncio.create_task(ticker())
    started = time.perf_counter()
    latencies: list[float] = []

    async def one(message: str) -> None:
        await engine.translate(message, Reader.EN)
        latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(one(m) for m in messages))
    total = time.perf_counter() - started
    stop.set()
    await tick
    batcher = engine.batcher("zh_en")
    summary = _summary(total, latencies)
    summary["loop_lag_ms"] = lag * 1000
    summary["batches"] = float(batcher.stats.batches if batcher else 0)
    return summary


async def single_latencies(
    model: LoadedModel, engine: TranslationEngine, messages: list[str], beam: int
) -> tuple[float, float]:
    """Median latency of one message on an idle system, baseline and engine interleaved
    so that machine noise hits both alike."""
    baseline, ours = [], []
    for message in messages[:SINGLE_SAMPLES]:
        t0 = time.perf_counter()
        baseline_one_message(model, message, beam)
        baseline.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        await engine.translate(message, Reader.EN)
        ours.append(time.perf_counter() - t0)
    return statistics.median(baseline) * 1000, statistics.median(ours) * 1000


async def measure(model: LoadedModel, messages: list[str], beam: int) -> dict[str, Any]:
    baseline = run_baseline(model, messages, beam)
    engine = TranslationEngine({"zh_en": model})
    try:
        ours = await run_engine(engine, messages)
        baseline["single_p50_ms"], ours["single_p50_ms"] = await single_latencies(
            model, engine, messages, beam
        )
    finally:
        await engine.close()
    return {"beam": beam, "baseline": baseline, "engine": ours}


def run_ceiling(
    installed: InstalledModel, engine_model: LoadedModel, messages: list[str], beam: int
) -> dict[str, float]:
    """Every sentence of every message in one plain ``translate_batch`` call (sub-batches of
    the engine's size): as fast as the model gets with nothing of Yiqi around it.

    Runs alternate with fresh engine runs and the best of each is kept: measured one after
    the other, machine noise (two cores, shared) decided which came out ahead."""
    model = RawModel(installed)
    model.translate_batch(["预热。"], beam_size=beam)  # first call allocates
    sentences = [s for m in messages for line in split_sentences(m) for s in line.sentences]
    ceiling, engine = [], []
    for _ in range(CEILING_RUNS):
        started = time.perf_counter()
        model.translate_batch(sentences, beam_size=beam, max_batch_size=DecodingOptions().max_batch)
        ceiling.append(time.perf_counter() - started)
        engine.append(asyncio.run(_engine_total(engine_model, messages)))
    total = min(ceiling)
    # Every message arrived at the start and is done when the one call returns.
    return {
        **_summary(total, [total] * len(messages)),
        "sentences": float(len(sentences)),
        "engine_msgs_per_s": len(messages) / min(engine),
    }


async def _engine_total(model: LoadedModel, messages: list[str]) -> float:
    engine = TranslationEngine({"zh_en": model})
    try:
        started = time.perf_counter()
        await asyncio.gather(*(engine.translate(m, Reader.EN) for m in messages))
        return time.perf_counter() - started
    finally:
        await engine.close()


def _summary(total: float, latencies: list[float]) -> dict[str, float]:
    return {
        "msgs_per_s": len(latencies) / total,
        "total_s": total,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
    }


def main() -> None:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    installed = [m for m in list_installed(data_dir / "models") if m.direction == "zh_en"]
    if not installed:
        sys.exit("no zh→en model installed: run `make models`")
    beam = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    messages = load_messages()
    model = LoadedModel(installed[0], options=DecodingOptions(beam_size=beam, max_batch=32))
    model.translate_sentences(["预热。"])  # first call allocates; keep it out of both timings
    row = asyncio.run(measure(model, messages, beam))
    row["peak_rss_mib"] = peak_rss_mib()  # before the ceiling loads a second copy of the model
    if beam == DecodingOptions().beam_size:
        row["ceiling"] = run_ceiling(installed[0], model, messages, beam)
    row["load_average"] = os.getloadavg()[0]  # other work on the machine skews every number
    print(json.dumps({"messages": len(messages), "model": installed[0].model_version, **row}))


if __name__ == "__main__":
    main()
