"""The Chinese chat test set and its chrF scoring (no model needed here).

`bench/data/chat_zh_en.jsonl` holds one JSON object per line: ``category``, the Chinese
line ``zh`` as a member of the exchange server would write it, and ``en``, a reference
translation written for this set with Discord markup kept where it belongs. The set is
for measuring only: it must never be put in a translation cache or a glossary.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sacrebleu.metrics.chrf import CHRF

CHAT_SET = Path(__file__).parent / "data" / "chat_zh_en.jsonl"


@dataclass(frozen=True)
class ChatLine:
    category: str
    zh: str
    en: str


def load_chat_set(path: Path = CHAT_SET) -> list[ChatLine]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        record = json.loads(raw)
        if set(record) != {"category", "zh", "en"}:
            raise ValueError(f"{path.name}:{number}: expected category, zh and en")
        lines.append(ChatLine(record["category"], record["zh"], record["en"]))
    return lines


def chrf(hypotheses: Sequence[str], references: Sequence[str]) -> float:
    """Corpus chrF (sacrebleu's defaults: character 6-grams, beta 2), 0-100."""
    if len(hypotheses) != len(references):
        raise ValueError("one hypothesis per reference")
    return float(CHRF().corpus_score(list(hypotheses), [list(references)]).score)


def sentence_chrf(hypothesis: str, reference: str) -> float:
    return float(CHRF().sentence_score(hypothesis, [reference]).score)


def scores_by_category(lines: Sequence[ChatLine], hypotheses: Sequence[str]) -> dict[str, float]:
    """chrF over all lines ("overall") and over each category's lines, in file order."""
    scores = {"overall": chrf(hypotheses, [line.en for line in lines])}
    for category in dict.fromkeys(line.category for line in lines):
        picked = [i for i, line in enumerate(lines) if line.category == category]
        scores[category] = chrf([hypotheses[i] for i in picked], [lines[i].en for i in picked])
    return scores
