"""``make bench``: run every benchmark and write BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.chat_quality import quality_section
from bench.fairness import fairness_section
from bench.learning import learning_section
from bench.machine import machine_line
from bench.penpal import penpal_section
from bench.post_edits import post_edits_section
from bench.translation import CEILING_RUNS

OUTPUT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def _run_module(module: str, *args: str) -> dict[str, Any]:
    """Run one benchmark in its own process (so peak RSS is its own); it prints JSON last.
    A line on stderr before and after each: a full run takes long enough to look stuck."""
    label = " ".join([module, *args])
    _progress(f"running {label} …")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", module, *args], check=True, capture_output=True, text=True
    )
    _progress(f"done {label} in {time.monotonic() - started:.0f} s")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _progress(line: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {line}", file=sys.stderr, flush=True)


def translation_section(rows: list[dict[str, Any]]) -> list[str]:
    first = rows[0]
    lines = [
        "## Translation: one call per message vs Yiqi's micro-batching engine",
        "",
        f"{first['messages']} distinct Chinese chat messages (`bench/data/zh_chat.txt`: its 40 "
        f"lines and 160 pairs of them), model `{first['model']}`, all arriving at once. "
        "Baseline: one CTranslate2 call per message with that message's sentences, as "
        "argostranslate does. Yiqi: 200 concurrent `TranslationEngine.translate` calls, "
        "micro-batched in a worker thread. Latency runs from arrival to result; *single* is "
        "one message at a time on an idle engine, baseline and engine interleaved. Same "
        "model, same beam size, same process; each beam size runs in its own process, so "
        "peak RSS is per configuration. Yiqi's default beam size is 2.",
        "",
        "| beam | path | msg/s | p50 ms | p95 ms | single p50 ms | loop lag ms | model calls |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        base, eng = row["baseline"], row["engine"]
        lines.append(
            f"| {row['beam']} | one call per message | {base['msgs_per_s']:.1f} | "
            f"{base['p50_ms']:.0f} | {base['p95_ms']:.0f} | {base['single_p50_ms']:.0f} | "
            f"(blocks the loop) | {row['messages']} |"
        )
        lines.append(
            f"| {row['beam']} | Yiqi engine | {eng['msgs_per_s']:.1f} | {eng['p50_ms']:.0f} | "
            f"{eng['p95_ms']:.0f} | {eng['single_p50_ms']:.0f} | {eng['loop_lag_ms']:.1f} | "
            f"{eng['batches']:.0f} |"
        )
        if "ceiling" in row:
            top = row["ceiling"]
            lines.append(
                f"| {row['beam']} | raw CTranslate2 batched ceiling | {top['msgs_per_s']:.1f} | "
                f"{top['p50_ms']:.0f} | {top['p95_ms']:.0f} | — | (blocks the loop) | 1 |"
            )
    lines.append("")
    for row in rows:
        base, eng = row["baseline"], row["engine"]
        ratio = eng["msgs_per_s"] / base["msgs_per_s"]
        lines.append(
            f"- beam {row['beam']}: throughput ratio **{ratio:.2f}×** (target ≥ 3×); "
            f"single-message latency ratio {eng['single_p50_ms'] / base['single_p50_ms']:.2f} "
            f"(target ≤ ~1); largest event-loop lag {eng['loop_lag_ms']:.1f} ms "
            f"(target ≤ 50 ms); peak RSS **{row['peak_rss_mib']:.0f} MiB** (target ≤ 300 MB); "
            f"1-minute load average at the end: {row.get('load_average', 0):.1f} (2 cores)."
        )
    for row in rows:
        if "ceiling" in row:
            top = row["ceiling"]
            lines.append(
                f"- beam {row['beam']}: the engine reaches "
                f"**{top['engine_msgs_per_s'] / top['msgs_per_s']:.0%}** of the raw CTranslate2 "
                f"ceiling ({top['engine_msgs_per_s']:.1f} vs {top['msgs_per_s']:.1f} msg/s, best "
                f"of {CEILING_RUNS} runs each, alternated, after the rows above). Ceiling: the "
                f"messages' {top['sentences']:.0f} sentences (split as for the baseline) in one "
                "plain `translate_batch` call through the package's SentencePiece, sub-batches "
                "of 32, no protection, repair or quality checks."
            )
    return [*lines, ""]


def relay_section(simcord_run: dict[str, Any], service_run: dict[str, Any]) -> list[str]:
    lines = [
        "## Relay: a burst of replies into two question threads",
        "",
        f"{simcord_run['replies']} Chinese replies (lines of `bench/data/zh_chat.txt`, numbered) "
        "written into the two mirror threads of two English questions before the bot sees "
        "any of them, real zh→en model, SQLite, beam 2. Latency runs from the burst to each "
        "mirror's post. *Through SimCord*: the real bot, discord.py and webhooks in the "
        "simulated Discord. *Relay service only*: the same `RelayService` path (record, "
        "translate in shared batches, keep per-thread order, mark delivered) with a sink "
        "that only records posts — SimCord's settlement bookkeeping grows with the number of "
        "waiting handlers (≈75% of a profiled 300-reply run), so the first row mostly "
        "measures the simulator.",
        "",
        "| path | delivered | relays/s | p50 ms | p95 ms | model calls | peak RSS MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in (("through SimCord", simcord_run), ("relay service only", service_run)):
        lines.append(
            f"| {name} | {row['delivered']}/{row['replies']} | {row['relays_per_s']:.1f} | "
            f"{row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['model_calls']} | "
            f"{row['peak_rss_mib']:.0f} |"
        )
    return [*lines, ""]


def clusters_section(run: dict[str, Any]) -> list[str]:
    lines = [
        "## Two shard clusters, one PostgreSQL",
        "",
        "A 1,000-reply burst over ten guilds (five on each shard of two), each reply handled by "
        "the cluster that runs its guild (`bench/clusters.py`). Discord is unreachable for the "
        "first half, so those replies wait in the database and every later reply of their "
        "thread waits behind them; then both clusters sweep at once, each with its own "
        "connections. Counted on each cluster's own sink. No model: delivery, not translation.",
        "",
    ]
    if "skipped" in run:
        return [*lines, "Not run: set YIQI_BENCH_DATABASE_URL to a PostgreSQL server.", ""]
    return [
        *lines,
        "| replies | delivered | duplicated | lost | out of order | by the wrong cluster | "
        "per cluster | burst s | sweep s |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {run['replies']} | {run['delivered']} | {run['duplicated']} | {run['lost']} | "
        f"{run['out_of_order']} | {run['wrong_cluster']} | "
        f"{' / '.join(map(str, run['per_cluster']))} | {run['burst_s']:.1f} | "
        f"{run['sweep_s']:.1f} |",
        "",
    ]


def relay_faults_section(run: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = [
        "## Relay under faults",
        "",
        "The real bot on SimCord, a burst of numbered Chinese replies into one question thread, "
        "one fault each (`tests/support/relay_faults`, the same scenarios as "
        "`tests/discord/faults`); then the retry sweep is called round after round on a moved "
        "clock until nothing waits. Counted on the simulated Discord: *delivered* once, "
        "*duplicated* (extra mirrors ever posted), *lost* (neither shown nor dead-lettered), "
        "*dead* (dead-lettered in the database), *out of order* (mirrors to move for the "
        "thread to read as written). Sends are paced at Discord's real limits on virtual time "
        "that moves the bot's clock; the paced bursts run the sweep at its production "
        "interval beside the burst. Tiny random-weight model (delivery, not translation).",
        "",
    ]
    for backend, rows in run.items():
        if not rows:
            continue
        lines += [
            f"**{backend}**",
            "",
            "| fault | sent | delivered | duplicated | lost | dead | out of order | "
            "handler errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in rows:
            lines.append(
                f"| {row['fault']} | {row['sent']} | {row['delivered']} | {row['duplicated']} "
                f"| {row['lost']} | {row['dead']} | {row['out_of_order']} | "
                f"{row['handler_errors']} |"
            )
        lines.append("")
    return lines


def digest_section(run: dict[str, Any]) -> list[str]:
    lines = [
        "## Digest selection: a very busy week",
        "",
        f"{run['messages']:,} relayed messages in {run['exchanges']:,} questions in one guild's "
        f"ISO week ({run['stored_messages']:,} stored in all: another guild's week and the "
        "previous week add 200,000 shorter exchanges of history), about 1% of members opted "
        "out, 2% of messages deleted. Time of "
        "`DigestPlanner.select_highlights` — every query of one digest: ranked exchanges per "
        "side, their texts and best answers, numbers per side, pen-pal pairs, newcomers — "
        f"best and median of {run['sqlite']['runs']} runs after one warm-up, as a running bot "
        "would see it. Seeding (bulk inserts / COPY) is not part of the time. 1-minute load "
        f"average at the end of the run: {run.get('load_average', 0):.1f} (2 cores).",
        "",
        "| backend | best s | median s | best CPU s of the bench process | seeding s |",
        "|---|---|---|---|---|",
    ]
    backends = [name for name in ("sqlite", "postgresql") if name in run]
    for name in backends:
        row = run[name]
        lines.append(
            f"| {name} | **{row['best_s']:.2f}** | {row['median_s']:.2f} | "
            f"{row.get('best_cpu_s', 0):.2f} | {row['seed_s']:.0f} |"
        )
    lines += [
        "",
        "Target: under 1 s on each backend, from indexes. Query plans, in the order the "
        "selection runs them (the week's question-id range, engagement ranked per side, texts "
        "and best answers, pen-pal pairs, newcomers, numbers per side, median answer time):",
        "",
    ]
    for name in backends:
        lines += [f"<details><summary>{name}</summary>", "", "```"]
        for plan in run[name]["plans"]:
            lines += [*plan, ""]
        lines[-1] = "```"
        lines += ["", "</details>", ""]
    return lines


def workers_section(run: dict[str, Any]) -> list[str]:
    lines = [
        "## Translation workers",
        "",
        f"{run['messages']} distinct Chinese chat messages (the translation benchmark's burst), "
        f"model `{run['model']}` (real), beam 2, all arriving at once at one bot process. "
        "*In process*: today's engine. *Over NATS*: the same engine (detection, protection, "
        "sentences, cache off, script conversion stay in the bot) sending each message's "
        "sentences to `yiqi translate-worker` subprocesses on the local NATS server (one "
        "queue group). *Single*: one message at a time afterwards. *Hop*: median round trip "
        "of an empty request (JSON, NATS, admission; no model). Batch sizes from the "
        "workers' /metrics; model calls and requests count the singles too (and requests "
        "the 50 hop probes). All on this 2-core machine, shared: the workers and the bot "
        "compete for the same cores, so msg/s here says little about separate hosts. "
        f"1-minute load average at the end: {run['load_average']:.1f}.",
        "",
        "| path | msg/s | p50 ms | p95 ms | single p50 ms | hop ms | model calls | "
        "mean batch | requests per worker |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in run["rows"].items():
        hop = f"{row['hop_ms']:.1f}" if "hop_ms" in row else "—"
        spread = " / ".join(f"{n:.0f}" for n in row.get("requests_per_worker", [])) or "—"
        lines.append(
            f"| {name} | {row['msgs_per_s']:.1f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | "
            f"{row['single_p50_ms']:.0f} | {hop} | {row['model_calls']:.0f} | "
            f"{row['mean_batch']:.1f} | {spread} |"
        )
    return [*lines, ""]


def _sections() -> dict[str, Callable[[], list[str]]]:
    """Each benchmark section by name, run only when asked for."""
    beams = os.environ.get("YIQI_BENCH_BEAMS", "2,4").split(",")
    return {
        "translation": lambda: translation_section(
            [_run_module("bench.translation", b) for b in beams]
        ),
        "fairness": lambda: fairness_section(_run_module("bench.fairness")),
        "relay": lambda: relay_section(
            _run_module("bench.relay"), _run_module("bench.relay_service")
        ),
        "relay_faults": lambda: relay_faults_section(_run_module("bench.relay_faults")),
        "clusters": lambda: clusters_section(_run_module("bench.clusters")),
        "digest": lambda: digest_section(_run_module("bench.digest")),
        "penpal": lambda: penpal_section(
            _run_module("bench.penpal", "scale"), _run_module("bench.penpal", "quality")["runs"]
        ),
        "quality": lambda: quality_section(_run_module("bench.chat_quality")),
        "workers": lambda: workers_section(_run_module("bench.workers")),
        "post_edits": lambda: post_edits_section(_run_module("bench.post_edits")),
        "learning": lambda: learning_section(_run_module("bench.learning")),
    }


def splice_sections(document: str, sections: list[list[str]]) -> str:
    """Replace the ``## `` sections of ``document`` that ``sections`` re-measured (matched by
    heading), append new ones, and keep the rest as they were."""
    head: list[str] = []
    blocks: dict[str, list[str]] = {}
    current = head
    for line in document.rstrip("\n").split("\n"):
        if line.startswith("## "):
            current = blocks[line] = []
        current.append(line)
    for section in sections:
        blocks[section[0]] = section
    for block in (head, *blocks.values()):
        if block and block[-1] != "":
            block.append("")  # a blank line between sections, whichever was last before
    return "\n".join([*head, *(line for block in blocks.values() for line in block)])


def main() -> None:
    """``python -m bench.run [SECTION ...]`` (or ``YIQI_BENCH_SECTIONS=a,b``): all sections by
    default; named ones are re-measured into the existing BENCHMARKS.md, each saying the
    machine and time it ran on, since the file's top line is the last full run's."""
    available = _sections()
    wanted = sys.argv[1:] or [
        name for name in os.environ.get("YIQI_BENCH_SECTIONS", "").split(",") if name
    ]
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        sys.exit(f"unknown benchmark section(s) {unknown}; choose from {sorted(available)}")
    if not wanted or not OUTPUT.exists():
        text = ["# Benchmarks", "", f"Machine: {machine_line()}", ""]
        for name in wanted or available:
            text.extend(available[name]())
        OUTPUT.write_text("\n".join(text), encoding="utf-8")
    else:
        sections = []
        for name in wanted:
            heading, *body = available[name]()
            sections.append([heading, "", f"Re-run on its own: {machine_line()}", *body])
        existing = OUTPUT.read_text(encoding="utf-8")
        OUTPUT.write_text(splice_sections(existing, sections), encoding="utf-8")
    print(OUTPUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
