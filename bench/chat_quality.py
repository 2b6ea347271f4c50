"""Translation quality on real-looking chat: the bare model vs Yiqi's pipeline, scored by chrF.

Run as ``python -m bench.chat_quality``; prints one JSON object. Both systems translate
every line of `bench/data/chat_zh_en.jsonl` one at a time at Yiqi's default beam size: the
raw model in one CTranslate2 call per line (no protection, splitting or repair), Yiqi through
``TranslationEngine.translate`` with no cache and no glossary, so nothing learnt from the
set can flatter it.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bench.chat_set import ChatLine, load_chat_set, scores_by_category, sentence_chrf
from bench.raw_model import RawModel
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.packages import InstalledModel, list_installed
from bot.translation.runtime import DecodingOptions, LoadedModel

WORST_SHOWN = 12


def translate_raw(model: RawModel, lines: list[ChatLine], beam: int) -> list[str]:
    return [model.translate_batch([line.zh], beam_size=beam)[0] for line in lines]


async def translate_yiqi(installed: InstalledModel, lines: list[ChatLine]) -> list[str]:
    engine = TranslationEngine({"zh_en": LoadedModel(installed)}, cache=None)
    try:
        # One at a time, like the raw model: batch neighbours cannot change an output.
        return [(await engine.translate(line.zh, Reader.EN)).text for line in lines]
    finally:
        await engine.close()


def scored_lines(lines: list[ChatLine], raw: list[str], ours: list[str]) -> list[dict[str, Any]]:
    """Each line with both outputs and their sentence chrF, for reading next to the numbers."""
    return [
        {
            "category": line.category,
            "zh": line.zh,
            "reference": line.en,
            "raw": raw_out,
            "yiqi": our_out,
            "yiqi_chrf": sentence_chrf(our_out, line.en),
            "raw_chrf": sentence_chrf(raw_out, line.en),
        }
        for line, raw_out, our_out in zip(lines, raw, ours, strict=True)
    ]


def _details(summary: str, rows: list[dict[str, Any]]) -> list[str]:
    lines = [f"<details><summary>{summary}</summary>", "", "````"]  # a line holds a ``` block
    for row in rows:
        lines += [
            f"[{row['category']}] {json.dumps(row['zh'], ensure_ascii=False)}",
            f"  reference   {json.dumps(row['reference'], ensure_ascii=False)}",
            f"  raw  {row['raw_chrf']:5.1f}  {json.dumps(row['raw'], ensure_ascii=False)}",
            f"  Yiqi {row['yiqi_chrf']:5.1f}  {json.dumps(row['yiqi'], ensure_ascii=False)}",
        ]
    return [*lines, "````", "", "</details>", ""]


def quality_section(run: dict[str, Any]) -> list[str]:
    """The BENCHMARKS.md section (``bench.run`` calls it with the run's JSON)."""
    raw, ours, counts = run["raw"], run["yiqi"], run["counts"]
    lines = [
        "## Translation quality: Chinese chat, raw model vs Yiqi",
        "",
        f"{run['lines']} Chinese lines as members of an English–Chinese exchange server write "
        "them (`bench/data/chat_zh_en.jsonl`: internet slang, English inside Chinese, Discord "
        "markdown, Unicode and custom emoji, mentions, numbers, questions, everyday chat), "
        f"each with a hand-written English reference that keeps the markup where it belongs. "
        f"Model `{run['model']}`, beam {run['beam']}, one line at a time. *Raw model*: one "
        "CTranslate2 call per line through the package's SentencePiece, nothing else. "
        "*Yiqi*: `TranslationEngine.translate` (protection, sentence splitting, repair), no "
        "cache, no glossary. Score: corpus chrF (sacrebleu, character 6-grams, β = 2; 100 = "
        "identical to the reference).",
        "",
        "| lines | category | raw model chrF | Yiqi chrF | Yiqi vs raw |",
        "|---|---|---|---|---|",
    ]
    for category in raw:
        shown = f"**{category}**" if category == "overall" else category
        count = run["lines"] if category == "overall" else counts[category]
        ours_shown, raw_shown = round(ours[category], 1), round(raw[category], 1)
        lines.append(
            f"| {count} | {shown} | {raw_shown:.1f} | {ours_shown:.1f} | "
            f"{ours_shown - raw_shown:+.1f} |"  # the difference of the numbers shown
        )
    scored = run["scored"]
    behind = sorted(
        (row for row in scored if row["yiqi_chrf"] < row["raw_chrf"] - 1),
        key=lambda row: row["yiqi_chrf"] - row["raw_chrf"],
    )
    worst = sorted(scored, key=lambda row: row["yiqi_chrf"])[:WORST_SHOWN]
    return [
        *lines,
        "",
        *_details(f"The {len(behind)} lines where Yiqi scores below the raw model", behind),
        *_details(f"The {len(worst)} lines Yiqi translates worst (sentence chrF)", worst),
    ]


def main() -> None:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    installed = [m for m in list_installed(data_dir / "models") if m.direction == "zh_en"]
    if not installed:
        sys.exit("no zh→en model installed: run `make models`")
    beam = DecodingOptions().beam_size
    lines = load_chat_set()
    raw = translate_raw(RawModel(installed[0]), lines, beam)
    ours = asyncio.run(translate_yiqi(installed[0], lines))
    result = {
        "lines": len(lines),
        "model": installed[0].model_version,
        "beam": beam,
        "counts": dict(Counter(line.category for line in lines)),
        "raw": scores_by_category(lines, raw),
        "yiqi": scores_by_category(lines, ours),
        "scored": scored_lines(lines, raw, ours),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
