"""How far the machine is from the community's post-edits: chrF per direction.

Run as ``python -m bench.post_edits``; prints one JSON object. Each direction's seeded set
(`bench/data/post_edits_<src>_<tgt>.tsv`: a header, then source and human post-edit per
line, realistic chat) is translated now by the installed model through
``TranslationEngine.translate`` (no cache, no glossary, Yiqi's default beam), one line at a
time, and scored with sacrebleu's chrF against the post-edits: the number a fine-tuned model
trained on the exported corpus (``yiqi corpus export``) would have to beat. A direction whose
model is not installed says so.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

from bench.chat_set import chrf, sentence_chrf
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.packages import InstalledModel, list_installed
from bot.translation.runtime import LoadedModel
from db.enums import Side

DATA = Path(__file__).resolve().parent / "data"
DIRECTIONS = ("zh_en", "en_zh")
WORST_SHOWN = 5


def load_pairs(direction: str) -> list[tuple[str, str]]:
    """(source, human post-edit) per line of the direction's set, header skipped."""
    path = DATA / f"post_edits_{direction}.tsv"
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    pairs = [tuple(row.split("\t")) for row in rows if row.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"{path.name}: expected source<TAB>post-edit on every line")
    return [(source, human) for source, human in pairs]


async def machine_outputs(installed: InstalledModel, sources: list[str]) -> list[str]:
    direction = installed.direction
    target = Reader.for_side(Side(direction.split("_")[1]))
    engine = TranslationEngine({direction: LoadedModel(installed)}, cache=None)
    try:
        return [(await engine.translate(s, target)).text for s in sources]
    finally:
        await engine.close()


def measure(installed: dict[str, InstalledModel]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for direction in DIRECTIONS:
        pairs = load_pairs(direction)
        row: dict[str, Any] = {"pairs": len(pairs)}
        model = installed.get(direction)
        if model is None:
            result[direction] = {**row, "installed": False}
            continue
        sources, humans = [s for s, _ in pairs], [h for _, h in pairs]
        machine = asyncio.run(machine_outputs(model, sources))
        scored: list[dict[str, Any]] = [
            {"source": s, "machine": m, "human": h, "chrf": sentence_chrf(m, h)}
            for s, m, h in zip(sources, machine, humans, strict=True)
        ]
        scored.sort(key=lambda line: float(line["chrf"]))
        result[direction] = {
            **row,
            "installed": True,
            "model": model.model_version,
            "chrf": chrf(machine, humans),
            "unchanged": sum(m.strip() == h.strip() for m, h in zip(machine, humans, strict=True)),
            "worst": scored[:WORST_SHOWN],
        }
    return result


def post_edits_section(run: dict[str, Any]) -> list[str]:
    lines = [
        "## Post-edits (chrF)",
        "",
        "How close the machine output is to what members would write instead: each direction's "
        "seeded chat set (`bench/data/post_edits_*.tsv`, 40 lines each) is translated now by "
        "the installed model (Yiqi's engine, no cache, no glossary, one line at a time) and "
        "scored with sacrebleu's chrF against human post-edits. The zh→en post-edits are "
        "edits of that model's output (mostly small: WeChat for 微信, hotpot for 火锅, "
        "high-speed rail for 高铁); en→zh has no model on this machine, so its set holds a "
        "member's own translations. This is the baseline a model fine-tuned on "
        "`yiqi corpus export` would have to beat.",
        "",
        "| direction | pairs | model | chrF | unchanged by the editor |",
        "|---|---|---|---|---|",
    ]
    for direction in DIRECTIONS:
        row = run[direction]
        name = direction.replace("_", "→")
        if not row["installed"]:
            lines.append(f"| {name} | {row['pairs']} | model not installed | — | — |")
            continue
        lines.append(
            f"| {name} | {row['pairs']} | `{row['model']}` | **{row['chrf']:.1f}** | "
            f"{row['unchanged']}/{row['pairs']} |"
        )
    for direction in DIRECTIONS:
        row = run[direction]
        if not row["installed"]:
            continue
        summary = f"{direction}: the {len(row['worst'])} lines furthest from their post-edit"
        lines += ["", f"<details><summary>{summary}</summary>", ""]
        lines += ["| chrF | source | machine | post-edit |", "|---|---|---|---|"]
        for line in row["worst"]:
            cells = [line["source"], line["machine"], line["human"]]
            shown = " | ".join(c.replace("|", "\\|") for c in cells)
            lines.append(f"| {line['chrf']:.1f} | {shown} |")
        lines += ["", "</details>"]
    return [*lines, ""]


def main() -> None:
    data_dir = Path(os.environ.get("YIQI_DATA_DIR", "data"))
    installed = {m.direction: m for m in list_installed(data_dir / "models")}
    print(json.dumps(measure(installed), ensure_ascii=False))


if __name__ == "__main__":
    main()
