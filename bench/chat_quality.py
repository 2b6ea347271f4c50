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


def worst_lines(lines: list[ChatLine], raw: list[str], ours: list[str]) -> list[dict[str, Any]]:
    """The lines Yiqi translates worst (sentence chrF), for reading next to the numbers."""
    scored: list[dict[str, Any]] = [
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
    return sorted(scored, key=lambda row: row["yiqi_chrf"])[:WORST_SHOWN]


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
        "worst": worst_lines(lines, raw, ours),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
