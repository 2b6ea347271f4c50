"""Fairness: ordinary messages while one member's 20,000-character post is being translated.

Run as ``python -m bench.fairness``; prints one JSON object. The 40 one-line messages of
``bench/data/zh_chat.txt`` arrive one every ``ARRIVAL_INTERVAL_S`` (open loop: each arrives on
schedule whether or not the previous one is done), first on an idle engine, then again right
after the long post was submitted. Latency runs from a message's arrival to its result.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.translation import CORPUS, percentile
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.packages import list_installed
from bot.translation.runtime import DecodingOptions, LoadedModel

POST_CHARS = 20_000
ARRIVAL_INTERVAL_S = 0.5
TARGET_RATIO = 2.0


def chat_lines() -> list[str]:
    text = CORPUS.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def long_post(lines: list[str]) -> str:
    """The corpus lines end to end, numbered so that no two sentences are alike."""
    parts: list[str] = []
    for number, line in enumerate(itertools.cycle(lines)):
        parts.append(f"{number}. {line}")
        if sum(map(len, parts)) >= POST_CHARS:
            return "\n".join(parts)
    raise AssertionError("unreachable")  # pragma: no cover


async def stream(engine: TranslationEngine, messages: list[str]) -> list[float]:
    """Latency of each message, arriving one every ARRIVAL_INTERVAL_S."""
    started = time.perf_counter()

    async def one(index: int, message: str) -> float:
        arrival = started + index * ARRIVAL_INTERVAL_S
        await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
        await engine.translate(message, Reader.EN)
        return time.perf_counter() - arrival

    return list(await asyncio.gather(*(one(i, m) for i, m in enumerate(messages))))


def _latency(values: list[float]) -> dict[str, float]:
    return {"p50_ms": percentile(values, 0.5) * 1000, "p95_ms": percentile(values, 0.95) * 1000}


async def measure(model: LoadedModel) -> dict[str, Any]:
    lines = chat_lines()
    post = long_post(lines)
    engine = TranslationEngine({"zh_en": model})
    try:
        idle = await stream(engine, lines)
        post_started = time.perf_counter()
        post_task = asyncio.create_task(engine.translate(post, Reader.EN))
        await asyncio.sleep(0)  # the post is queued before the first message arrives
        busy = await stream(engine, lines)
        still_running = not post_task.done()
        translated = await post_task
        post_s = time.perf_counter() - post_started
    finally:
        await engine.close()
    return {
        "messages": len(lines),
        "post_chars": len(post),
        "post_out_chars": len(translated.text),
        "post_s": post_s,
        "post_outlasted_messages": still_running,
        "idle": _latency(idle),
        "with_post": _latency(busy),
    }


def fairness_section(run: dict[str, Any]) -> list[str]:
    idle, busy = run["idle"], run["with_post"]
    ratio = busy["p95_ms"] / idle["p95_ms"]
    return [
        "## Fairness: ordinary messages while a long post is translated",
        "",
        f"The {run['messages']} one-line messages of `bench/data/zh_chat.txt` arrive one every "
        f"{ARRIVAL_INTERVAL_S} s (open loop), real zh→en model, beam 2: first on an idle "
        f"engine, then right after one member's {run['post_chars']:,}-character post (the "
        "corpus lines end to end, numbered) was submitted. Latency runs from a message's "
        "arrival to its translation. The post is served in slices behind other messages' "
        "first sentences (`bot/translation/batching.py`).",
        "",
        "| ordinary messages | p50 ms | p95 ms |",
        "|---|---|---|",
        f"| idle engine | {idle['p50_ms']:.0f} | {idle['p95_ms']:.0f} |",
        f"| while the post is translated | {busy['p50_ms']:.0f} | {busy['p95_ms']:.0f} |",
        "",
        f"- p95 with the post / without: **{ratio:.2f}×** (target ≤ {TARGET_RATIO:.0f}×); the "
        f"post itself took {run['post_s']:.1f} s ({run['post_out_chars']:,} characters out)"
        + ("" if run["post_outlasted_messages"] else ", finishing before the last message")
        + f"; 1-minute load average at the end: {run.get('load_average', 0):.1f} (2 cores).",
        "",
    ]


def main() -> None:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    installed = [m for m in list_installed(data_dir / "models") if m.direction == "zh_en"]
    if not installed:
        sys.exit("no zh→en model installed: run `make models`")
    model = LoadedModel(installed[0], options=DecodingOptions(beam_size=2))
    model.translate_sentences(["预热。"])  # first call allocates; keep it out of the timings
    row = asyncio.run(measure(model))
    row["load_average"] = os.getloadavg()[0]
    print(json.dumps(row))


if __name__ == "__main__":
    main()
