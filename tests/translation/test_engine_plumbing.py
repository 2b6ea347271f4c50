"""Load → batch → translate plumbing in both directions, with random-weight tiny packages.

Output is gibberish by design; these tests check the machinery, not the language.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.results import TranslationStatus
from db.enums import Side


async def test_both_directions_load(tiny_engine: TranslationEngine) -> None:
    assert tiny_engine.directions == {"en_zh", "zh_en"}
    assert tiny_engine.can_translate(Side.EN, Side.ZH)
    assert tiny_engine.can_translate(Side.ZH, Side.EN)


@pytest.mark.parametrize(
    ("text", "target", "source"),
    [
        ("Does every Chinese person own a panda?", Reader.ZH_CN, Side.EN),
        ("Do Americans really work two jobs?", Reader.ZH_TW, Side.EN),
        ("每个中国人都有大熊猫吗？", Reader.EN, Side.ZH),
    ],
)
async def test_translation_runs_through_the_model(
    tiny_engine: TranslationEngine, text: str, target: Reader, source: Side
) -> None:
    result = await tiny_engine.translate(text, target)
    assert result.status is TranslationStatus.TRANSLATED
    assert result.source is source
    assert result.model_version is not None and result.model_version.endswith("0.1")
    batcher = tiny_engine.batcher(f"{source}_{target.side}")
    assert batcher is not None and batcher.stats.items >= 1


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Hi <@123456789012345678>, welcome to <#223456789012345678>! https://example.com 🐱",
            Reader.ZH_CN,
        ),
        (
            "<@123456789012345678> 你好！看看 https://example.com "
            "<:cat:323456789012345678> @everyone",
            Reader.EN,
        ),
    ],
)
async def test_placeholders_survive_even_gibberish_output(
    tiny_engine: TranslationEngine, text: str, target: Reader
) -> None:
    spans = [
        s
        for s in (
            "<@123456789012345678>",
            "<#223456789012345678>",
            "https://example.com",
            "🐱",
            "<:cat:323456789012345678>",
            "@everyone",
        )
        if s in text
    ]
    result = await tiny_engine.translate(text, target)
    assert result.status is TranslationStatus.TRANSLATED
    for span in spans:
        assert result.text.count(span) == 1, (span, result.text)
    assert "ZQX" not in result.text.upper()


async def test_concurrent_requests_in_both_directions_are_batched(
    tiny_engine: TranslationEngine,
) -> None:
    english = [f"Message number {i} about cats." for i in range(24)]
    chinese = [f"第{i}条关于猫的消息。" for i in range(24)]
    results = await asyncio.gather(
        tiny_engine.translate_many(english, Reader.ZH_CN),
        tiny_engine.translate_many(chinese, Reader.EN),
    )
    assert [len(r) for r in results] == [24, 24]
    for direction in ("en_zh", "zh_en"):
        batcher = tiny_engine.batcher(direction)
        assert batcher is not None
        assert batcher.stats.items >= 24
        assert batcher.stats.batches < batcher.stats.items  # shared calls, not one each
        # One call takes at most four sub-batches of max_batch (8) sentences.
        assert batcher.stats.largest_batch <= 32
