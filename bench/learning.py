"""What the learning features cost per use: the pinyin view, a correction card, the chart.

Run as ``python -m bench.learning``; prints one JSON object. In one fresh process (so the
first use pays what a bot pays once: jieba's dictionary, pypinyin's tables, matplotlib):
- pinyin: ``annotate`` + ``pinyin_messages`` for every line of ``bench/data/zh_chat.txt`` and
  for a 1,900-character post made of those lines;
- a correction card: ``word_diff`` + ``render_card`` for each chat line (English and Chinese)
  against a learner's version of it with a word missing, and for a 1,900-character one;
- the digest chart: ``draw_week_chart`` for a busy week, and its PNG size.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from bot.services.chinese_words import chinese_words
from bot.services.corrections.card import CardContent, render_card
from bot.services.digest.chart import WeekCounts, draw_week_chart
from bot.services.pinyin.annotate import annotate
from bot.services.pinyin.layout import pinyin_messages
from bot.translation.languages import Reader
from db.enums import Side

DATA = Path(__file__).resolve().parent / "data"
LONG_POST = 1900
ROUNDS = 5


def _lines(name: str) -> list[str]:
    return [line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


def _long(lines: list[str]) -> str:
    text = ""
    while len(text) < LONG_POST:
        text += " ".join(lines) + " "
    return text[:LONG_POST]


def _learner_version(line: str) -> str:
    """The line with one word missing (the second, else the last): what a learner wrote."""
    words = chinese_words(line) if not line.isascii() else line.split(" ")
    drop = 1 if len(words) > 2 else len(words) - 1
    joiner = "" if not line.isascii() else " "
    return joiner.join(w for i, w in enumerate(words) if i != drop)


def _timed_ms(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
    }


def _card(corrected: str, reader: Reader) -> str:
    """The card correcting a learner's version of ``corrected``."""
    original = _learner_version(corrected)
    content = CardContent(original, corrected, "Emily", reader, note="A word is missing.")
    return render_card(content)


def _pinyin(text: str) -> list[str]:
    return pinyin_messages(annotate(text))


def _busy_week() -> WeekCounts:
    days = tuple(date(2026, 11, 30) + timedelta(days=n) for n in range(7))
    asked: dict[Side, tuple[int, ...]] = {
        Side.EN: (12, 30, 8, 41, 17, 5, 22),
        Side.ZH: (55, 80, 61, 93, 70, 38, 64),
    }
    answers: dict[Side, tuple[int, ...]] = {
        Side.EN: (90, 140, 75, 160, 88, 40, 120),
        Side.ZH: (60, 95, 44, 130, 71, 30, 85),
    }
    return WeekCounts("2026-W49", days, asked, answers)


def measure() -> dict[str, Any]:
    zh, en = _lines("zh_chat.txt"), _lines("en_chat.txt")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    first_pinyin = _timed_ms(partial(_pinyin, zh[0]))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pinyin = [_timed_ms(partial(_pinyin, line)) for line in zh * 3]
    pinyin_long = [_timed_ms(partial(_pinyin, _long(zh))) for _ in range(ROUNDS)]
    cards_zh = [_timed_ms(partial(_card, line, Reader.ZH_CN)) for line in zh * 3]
    cards_en = [_timed_ms(partial(_card, line, Reader.EN)) for line in en * 3]
    cards_long = [_timed_ms(partial(_card, _long(en), Reader.EN)) for _ in range(ROUNDS)]

    week = _busy_week()
    first_chart = _timed_ms(lambda: draw_week_chart(week))
    charts = [_timed_ms(lambda: draw_week_chart(week)) for _ in range(ROUNDS)]
    return {
        "first_pinyin_ms": first_pinyin,
        "first_pinyin_rss_mib": (rss_after - rss_before) / 1024,
        "pinyin": _summary(pinyin),
        "pinyin_long": _summary(pinyin_long),
        "card_zh": _summary(cards_zh),
        "card_en": _summary(cards_en),
        "card_long": _summary(cards_long),
        "first_chart_ms": first_chart,
        "chart": _summary(charts),
        "chart_bytes": len(draw_week_chart(week)),
        "lines": len(zh),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def learning_section(run: dict[str, Any]) -> list[str]:
    def row(what: str, summary: dict[str, float]) -> str:
        return f"| {what} | {summary['p50_ms']:.1f} | {summary['p95_ms']:.1f} |"

    return [
        "## Learning together: cost per use",
        "",
        "One fresh process, the project's own code paths without Discord: the Pinyin view "
        "(`annotate` + `pinyin_messages`) of each line of `bench/data/zh_chat.txt` (×3) and of a "
        f"{LONG_POST}-character post; a correction card (`word_diff` + `render_card`: jieba "
        "words for Chinese) of each English and Chinese chat line against the line with one "
        "word missing, and of a "
        f"{LONG_POST}-character one; the digest's chart of a busy week (Agg). All of it runs "
        "off the event loop in the bot.",
        "",
        "| what | p50 ms | p95 ms |",
        "|---|---|---|",
        row("Pinyin view, a chat line", run["pinyin"]),
        row(f"Pinyin view, {LONG_POST} characters", run["pinyin_long"]),
        row("correction card, Chinese line", run["card_zh"]),
        row("correction card, English line", run["card_en"]),
        row(f"correction card, {LONG_POST} characters", run["card_long"]),
        row("chart of the week", run["chart"]),
        "",
        f"First use in a process: the Pinyin view {run['first_pinyin_ms']:.0f} ms (jieba's "
        f"dictionary and pypinyin's tables, +{run['first_pinyin_rss_mib']:.0f} MiB RSS); the "
        f"chart {run['first_chart_ms']:.0f} ms (matplotlib's fonts). Chart PNG: "
        f"{run['chart_bytes']:,} bytes. Peak RSS of the process: {run['peak_rss_mib']:.0f} MiB.",
        "",
    ]


def main() -> None:
    print(json.dumps(measure()))


if __name__ == "__main__":
    main()
