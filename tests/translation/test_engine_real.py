"""Behaviour of the engine with the real OPUS-MT zh→en model."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.translation.cache import MemoryTranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.protection import GlossaryTerm
from bot.translation.results import TranslationStatus
from bot.translation.runtime import LoadedModel
from db.enums import Side

pytestmark = pytest.mark.realmodel


async def test_real_sentence_comes_out_as_real_english(real_engine: TranslationEngine) -> None:
    result = await real_engine.translate("每个中国人都有大熊猫吗？", Reader.EN)
    assert result.status is TranslationStatus.TRANSLATED
    assert result.source is Side.ZH
    assert "panda" in result.text.lower()
    assert not result.low_confidence


async def test_traditional_input_is_translated_too(real_engine: TranslationEngine) -> None:
    result = await real_engine.translate("每個中國人都有大熊貓嗎？", Reader.EN)
    assert "panda" in result.text.lower()


async def test_placeholders_survive_around_chinese(real_engine: TranslationEngine) -> None:
    spans = [
        "<@123456789012345678>",
        "@everyone",
        "<#223456789012345678>",
        "<@&323456789012345678>",
        "<:catjam:423456789012345678>",
        "https://example.com/cat.jpg",
        "`/penpal join`",
    ]
    text = (
        f"{spans[0]} 你好！{spans[1]} 欢迎来到 {spans[2]}，{spans[3]} 的朋友们都很友好 {spans[4]}。"
        f"看看我的猫 {spans[5]}，然后用 {spans[6]} 找笔友。"
    )
    result = await real_engine.translate(text, Reader.EN)
    assert result.status is TranslationStatus.TRANSLATED
    for span in spans:
        assert result.text.count(span) == 1, (span, result.text)
    assert "ZQX" not in result.text
    words = result.text.lower()
    assert any(w in words for w in ("welcome", "hello", "cat", "friend")), result.text


async def test_english_sentences_inside_chinese_are_kept(real_engine: TranslationEngine) -> None:
    result = await real_engine.translate("Hello everyone! 每个中国人都有大熊猫吗？", Reader.EN)
    assert result.text.startswith("Hello everyone!")
    assert "panda" in result.text.lower()


async def test_english_for_english_readers_is_untouched(real_engine: TranslationEngine) -> None:
    text = "Hi <@123456789012345678>, see https://example.com 🐱"
    result = await real_engine.translate(text, Reader.EN)
    assert result.status is TranslationStatus.SAME_LANGUAGE
    assert result.text == text


@pytest.mark.parametrize("text", ["🐱🐱🐱", "👍", "12345", "https://example.com/x.png", "`code`"])
async def test_text_without_words_never_reaches_the_model(
    real_engine: TranslationEngine, text: str
) -> None:
    result = await real_engine.translate(text, Reader.EN, prior=Side.ZH)
    assert result.status is TranslationStatus.UNTOUCHED
    assert result.text == text
    batcher = real_engine.batcher("zh_en")
    assert batcher is not None and batcher.stats.items == 0


async def test_chinese_for_traditional_readers_is_converted_not_translated(
    real_engine: TranslationEngine,
) -> None:
    result = await real_engine.translate("每个中国人都有大熊猫吗？", Reader.ZH_TW)
    assert result.status is TranslationStatus.SAME_LANGUAGE
    assert result.text == "每個中國人都有大熊貓嗎？"


async def test_missing_direction_is_unavailable_not_an_error(
    real_engine: TranslationEngine,
) -> None:
    result = await real_engine.translate("Does every Chinese person own a panda?", Reader.ZH_CN)
    assert result.status is TranslationStatus.UNAVAILABLE
    assert result.text == "Does every Chinese person own a panda?"
    assert not real_engine.can_translate(Side.EN, Side.ZH)


async def test_glossary_terms_keep_their_fixed_translation(real_engine: TranslationEngine) -> None:
    glossary = [GlossaryTerm(en="cat tax", zh="猫税"), GlossaryTerm(en="RedNote", zh="小红书")]
    result = await real_engine.translate("欢迎来到小红书！请交猫税。", Reader.EN, glossary=glossary)
    assert "RedNote" in result.text
    assert "cat tax" in result.text


async def test_cache_serves_repeats_without_the_model(real_zh_en_model: LoadedModel) -> None:
    cache = MemoryTranslationCache()
    engine = TranslationEngine({"zh_en": real_zh_en_model}, cache=cache)
    try:
        first = await engine.translate("我的猫叫小白，它很可爱。", Reader.EN)
        second = await engine.translate("我的猫叫小白，它很可爱。", Reader.EN)
        batcher = engine.batcher("zh_en")
        assert batcher is not None
        assert not first.from_cache and second.from_cache
        assert second.text == first.text
        assert batcher.stats.items == 1
        assert len(cache.entries) == 1
    finally:
        await engine.close()


async def test_burst_of_200_keeps_the_event_loop_ticking(real_engine: TranslationEngine) -> None:
    lines = [
        "每个中国人都有大熊猫吗？",
        "美国人真的要打两份工才能生活吗？",
        "你们那里的超市东西贵吗？",
        "欢迎来到小红书！请交猫税。",
    ]
    messages = [f"{lines[i % 4]}第{i}条。" for i in range(200)]
    interval = 0.01
    gaps: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(interval)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    tick_task = asyncio.create_task(ticker())
    started = time.perf_counter()
    results = await real_engine.translate_many(messages, Reader.EN)
    elapsed = time.perf_counter() - started
    stop.set()
    await tick_task

    assert len(results) == 200
    assert all(r.status is TranslationStatus.TRANSLATED for r in results)
    batcher = real_engine.batcher("zh_en")
    assert batcher is not None and batcher.stats.batches < 200 / 4  # batched, not one by one
    # Translation runs off the loop: the ticker keeps firing through the whole burst.
    # (Ratios of the same run, not wall-clock thresholds: a blocked loop shows up as a
    # single gap about as long as the burst and almost no ticks.)
    assert max(gaps) < elapsed / 4, (max(gaps), elapsed)
    assert len(gaps) > (elapsed / interval) / 4, (len(gaps), elapsed)
