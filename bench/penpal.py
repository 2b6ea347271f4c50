"""Pen-pal matching at scale, and its quality against the exact solver.

Random profiles (seeded): 40 interest tags (0–6 each), English members in US/European/
Australian zones, Chinese members mostly in China/Taiwan/Hong Kong/Singapore plus some abroad,
random levels, waits of 0–60 days, and one past pair per English member excluded.
*Scale*: ``PenpalMatcher.match`` on 10,000 × 30,000 (seconds; peak RSS of this process and the
traced peak of the call). *Quality*: the same matcher forced onto its large-pool path
(shortlists, ``exact_limit=0``) against the exact Hungarian solution of the same objective over
the same eligible window, on growing instances while the exact solve stays within a time budget.
*Loop*: the same 10,000 × 30,000 match as the bot runs it (``OffLoopMatcher`` with a spawned
worker process) while a 50 ms ticker runs on the event loop: its worst lateness.
``python -m bench.penpal scale`` / ``quality`` print one JSON object each (``bench.run`` runs
them in their own processes); ``python -m bench.penpal`` runs both and prints the section.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import sys
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.machine import peak_rss_mib
from bot.services.penpal.matching import Candidate, OffLoopMatcher, PenpalMatcher
from db.enums import PenpalLevel, Side

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
TAGS = [f"tag{i}" for i in range(40)]
EN_ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London",
            "Europe/Berlin", "Australia/Sydney"]  # fmt: skip
ZH_ZONES = ["Asia/Shanghai"] * 6 + ["Asia/Taipei", "Asia/Hong_Kong", "Asia/Singapore",
            "America/Vancouver", "Europe/London", "Australia/Sydney"]  # fmt: skip
SCALE = (10_000, 30_000)
QUALITY_SIZES = [(500, 1_500), (1_000, 3_000), (2_000, 6_000), (3_000, 9_000), (4_000, 12_000),
                 (5_000, 15_000), (6_000, 18_000)]  # fmt: skip
EXACT_BUDGET_S = 30.0  # stop growing the quality instance once the exact solve takes longer


def pool(rng: random.Random, side: Side, size: int, first_id: int) -> list[Candidate]:
    zones = EN_ZONES if side is Side.EN else ZH_ZONES
    return [
        Candidate(
            profile_id=first_id + i,
            user_id=first_id + i,
            side=side,
            level=rng.choice(list(PenpalLevel)),
            interests=frozenset(rng.sample(TAGS, rng.randint(0, 6))),
            timezone=rng.choice(zones),
            waiting_since=NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 60)),
        )
        for i in range(size)
    ]


def instance(
    seed: int, en_size: int, zh_size: int
) -> tuple[list[Candidate], list[Candidate], set[tuple[int, int]]]:
    rng = random.Random(seed)
    english = pool(rng, Side.EN, en_size, 0)
    chinese = pool(rng, Side.ZH, zh_size, 1_000_000)
    past = {(en.user_id, rng.choice(chinese).user_id) for en in english}
    return english, chinese, past


def scale_run() -> dict[str, Any]:
    english, chinese, past = instance(1, *SCALE)
    started = time.perf_counter()
    cpu = time.process_time()
    matches = PenpalMatcher(now=NOW).match(english, chinese, excluded=past)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    tracemalloc.start()
    PenpalMatcher(now=NOW).match(english, chinese, excluded=past)
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as processes:
        lateness = asyncio.run(loop_lateness(OffLoopMatcher(processes), english, chinese, past))
    return {
        "english": SCALE[0],
        "chinese": SCALE[1],
        "pairs": len(matches),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "traced_peak_mib": traced_peak,
        "mean_score": sum(m.score for m in matches) / max(1, len(matches)),
        "loop_lateness_ms": lateness * 1000,
    }


async def loop_lateness(
    matcher: OffLoopMatcher,
    english: list[Candidate],
    chinese: list[Candidate],
    past: set[tuple[int, int]],
) -> float:
    """Worst lateness (s) of a 50 ms ticker on the event loop while ``matcher`` matches."""
    loop = asyncio.get_running_loop()
    worst = 0.0

    async def tick() -> None:
        nonlocal worst
        due = loop.time() + 0.05
        while True:
            await asyncio.sleep(max(0.0, due - loop.time()))
            worst = max(worst, loop.time() - due)
            due = loop.time() + 0.05

    ticker = asyncio.create_task(tick())
    await matcher.match(english, chinese, now=NOW, excluded=past)
    ticker.cancel()
    return worst


def quality_run(en_size: int, zh_size: int) -> dict[str, Any]:
    english, chinese, past = instance(2, en_size, zh_size)
    results: dict[str, Any] = {"english": en_size, "chinese": zh_size}
    for name, matcher in (
        ("exact", PenpalMatcher(now=NOW, exact_limit=10**12)),
        ("yiqi", PenpalMatcher(now=NOW, exact_limit=0)),
    ):
        started = time.perf_counter()
        matches = matcher.match(english, chinese, excluded=past)
        results[f"{name}_seconds"] = time.perf_counter() - started
        results[f"{name}_pairs"] = len(matches)
        results[f"{name}_score"] = sum(m.score for m in matches)
        results[f"{name}_objective"] = sum(matcher.objective(m.en, m.zh) for m in matches)
    results["score_ratio"] = results["yiqi_score"] / results["exact_score"]
    results["objective_ratio"] = results["yiqi_objective"] / results["exact_objective"]
    return results


def quality_runs() -> list[dict[str, Any]]:
    runs = []
    for en_size, zh_size in QUALITY_SIZES:
        runs.append(quality_run(en_size, zh_size))
        print(json.dumps(runs[-1]), file=sys.stderr)
        if runs[-1]["exact_seconds"] > EXACT_BUDGET_S:
            break
    return runs


def penpal_section(scale: dict[str, Any], quality: list[dict[str, Any]]) -> list[str]:
    """The BENCHMARKS.md section (``bench.run`` calls it with the two runs' JSON)."""
    lines = [
        "## Pen-pal matching",
        "",
        "`PenpalMatcher.match` on random profiles (`bench/penpal.py`: 40 interest tags, 0–6 per "
        "member, English members in US/European/Australian zones, Chinese members mostly in "
        "China/Taiwan/Hong Kong/Singapore, random levels, waits of 0–60 days, one excluded past "
        "pair per English member). Eligible window: the oldest 2 × 10,000 Chinese members. "
        "Each part runs in its own process; the traced peak is what the call allocated "
        "(tracemalloc, second run). Loop lateness: the worst delay of a 50 ms ticker on the "
        "event loop during the same match run as the bot runs it (`OffLoopMatcher`, spawned "
        "worker process).",
        "",
        "| English × Chinese | pairs | seconds | CPU seconds | traced peak MiB | "
        "peak RSS MiB | mean score | loop lateness ms |",
        "|---|---|---|---|---|---|---|---|",
        f"| {scale['english']:,} × {scale['chinese']:,} | {scale['pairs']:,} | "
        f"{scale['seconds']:.2f} | {scale['cpu_seconds']:.2f} | {scale['traced_peak_mib']:.0f} | "
        f"{scale['peak_rss_mib']:.0f} | {scale['mean_score']:.3f} | "
        f"{scale['loop_lateness_ms']:.0f} |",
        "",
        "Quality: the same matcher forced onto its large-pool path (shortlists, "
        "`exact_limit=0`) against the exact optimum of the same objective over the same "
        "window (Hungarian method, `scipy.optimize.linear_sum_assignment`; pools up to "
        "4,000,000 cost cells get that exact solve by default), on growing instances until the "
        f"exact solve takes more than {EXACT_BUDGET_S:.0f} s.",
        "",
        "| English × Chinese | pairs | exact s | Yiqi s | total score / exact | "
        "objective / exact |",
        "|---|---|---|---|---|---|",
    ]
    for row in quality:
        lines.append(
            f"| {row['english']:,} × {row['chinese']:,} | {row['yiqi_pairs']:,} / "
            f"{row['exact_pairs']:,} | {row['exact_seconds']:.1f} | {row['yiqi_seconds']:.2f} | "
            f"{row['score_ratio']:.2%} | {row['objective_ratio']:.2%} |"
        )
    largest = quality[-1]
    lines += [
        "",
        f"- 10,000 × 30,000 in **{scale['seconds']:.2f} s** (target < 10 s), peak RSS "
        f"**{scale['peak_rss_mib']:.0f} MiB**, event loop at most "
        f"**{scale['loop_lateness_ms']:.0f} ms** late meanwhile; largest exact comparison "
        f"{largest['english']:,} × {largest['chinese']:,}: total score "
        f"**{largest['score_ratio']:.2%}** of the exact optimum (target ≥ 95%).",
        "",
    ]
    return lines


def main() -> None:
    part = sys.argv[1] if len(sys.argv) > 1 else ""
    if part == "scale":
        print(json.dumps({**scale_run(), "peak_rss_mib": peak_rss_mib()}))
    elif part == "quality":
        print(json.dumps({"runs": quality_runs()}))
    else:
        from bench.run import _run_module

        scale = _run_module("bench.penpal", "scale")
        quality = _run_module("bench.penpal", "quality")["runs"]
        print("\n".join(penpal_section(scale, quality)))


if __name__ == "__main__":
    main()
