"""A message's work is bounded: degenerate repetition collapses before the model, and a very
long post is translated completely, in order, in slices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.translation.batching import MicroBatcher
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.pipeline import translate_message
from bot.translation.repetition import collapse_repetition
from bot.translation.results import TranslationStatus
from db.enums import Side


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("哈" * 2000, "哈哈哈"),
        ("太好了" + "!" * 40, "太好了!!!"),
        ("lol " * 30 + "ok", "lol lol lol ok"),
        ("笑死" * 300 + "，真的", "笑死笑死笑死，真的"),
        ("前" + "=" * 30 + "后", "前===后"),
    ],
)
def test_long_runs_keep_three_copies(text: str, expected: str) -> None:
    assert collapse_repetition(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "哈哈哈哈哈哈",  # everyday emphasis stays as written
        "好!!!!!",
        "第一行\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n第二行",  # blank lines are layout
        "电话 " + "1" * 30,  # digits belong to numbers
        "ZQX1111 ZQX1111",
        "hello world, this is an ordinary sentence.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert collapse_repetition(text) == text


async def test_a_flood_reaches_the_model_as_one_short_sentence(
    tiny_engine: TranslationEngine,
) -> None:
    result = await tiny_engine.translate("哈" * 2000, Reader.EN)
    assert result.status is TranslationStatus.TRANSLATED
    batcher = tiny_engine.batcher("zh_en")
    assert batcher is not None and batcher.stats.items == 1  # was 7 sentences of 300 哈


@pytest.mark.realmodel
@pytest.mark.parametrize("text", ["哈" * 2000, "哈哈" * 1000 + "！", "笑死" * 500])
async def test_a_flood_translates_to_a_short_laugh(
    real_engine: TranslationEngine, text: str
) -> None:
    result = await real_engine.translate(text, Reader.EN)
    assert result.status is TranslationStatus.TRANSLATED
    assert len(result.text) <= 60, result.text  # was 10,752 characters for 2,000 × 哈
    assert re.search(r"ha|laugh", result.text, re.IGNORECASE), result.text


def _tagging(items: Sequence[str]) -> list[str]:
    return [f"[{item}]" for item in items]


async def test_a_20k_character_post_translates_completely_in_order_in_slices() -> None:
    sentences = [f"第{n}句：今天我们聊了很多有意思的事情。" for n in range(1000)]
    post = "".join(sentences)
    assert len(post) >= 20_000
    with ThreadPoolExecutor(1) as pool:
        batcher = MicroBatcher(_tagging, pool, max_batch=128, bulk_batch=16)
        text, _ = await translate_message(
            batcher, post, source=Side.ZH, target=Side.EN, glossary=()
        )
    tagged = re.findall(r"\[第(\d+)句：今天我们聊了很多有意思的事情。\]", text)
    assert [int(n) for n in tagged] == list(range(1000))  # every sentence, in order
    assert batcher.stats.items == 1000
    assert batcher.stats.largest_batch == 16  # slices, never one 128-sentence call
