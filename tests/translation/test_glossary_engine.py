"""Glossary terms through the engine, both directions.

en→zh runs on the random-weight tiny package (no real en→zh model is reachable here): its
output is gibberish, but the fixed Chinese term must be in it, because glossary terms never
reach the model. zh→en runs on the real model.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.translation.engine import TranslationEngine
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.languages import Reader
from bot.translation.protection import GlossaryTerm
from bot.translation.results import TranslationStatus
from tests.support.fixtures import load_tiny_engine

SERVER_GLOSSARY = (*DEFAULT_GLOSSARY, GlossaryTerm(en="hot pot", zh="火锅"))


@pytest.fixture
async def tiny_en_zh(
    tiny_packages: dict[str, Path], tmp_path: Path
) -> AsyncIterator[TranslationEngine]:
    engine = await load_tiny_engine([tiny_packages["en_zh"]], tmp_path / "models", beam_size=1)
    yield engine
    await engine.close()


# ---------------------------------------------------------------- en → zh (tiny package)


async def test_english_terms_come_out_as_the_fixed_chinese(tiny_en_zh: TranslationEngine) -> None:
    result = await tiny_en_zh.translate(
        "Welcome to RedNote! Please pay the cat tax.", Reader.ZH_CN, glossary=SERVER_GLOSSARY
    )
    assert result.status is TranslationStatus.TRANSLATED
    assert "小红书" in result.text
    assert "猫税" in result.text


async def test_english_match_ignores_case(tiny_en_zh: TranslationEngine) -> None:
    result = await tiny_en_zh.translate(
        "PAY THE Cat Tax on rednote, then try Hot Pot", Reader.ZH_CN, glossary=SERVER_GLOSSARY
    )
    for fixed in ("猫税", "小红书", "火锅"):
        assert fixed in result.text, (fixed, result.text)


async def test_english_terms_match_whole_words_only(tiny_en_zh: TranslationEngine) -> None:
    # 猫, 税 and 锅 are not in the tiny model's vocabulary: only the glossary can write them.
    result = await tiny_en_zh.translate(
        "concatenate a cat taxonomy of hot potatoes", Reader.ZH_CN, glossary=SERVER_GLOSSARY
    )
    assert result.status is TranslationStatus.TRANSLATED
    assert "猫税" not in result.text
    assert "火锅" not in result.text


async def test_a_server_term_is_applied_and_follows_the_readers_script(
    tiny_en_zh: TranslationEngine,
) -> None:
    text = "Is hot pot the best food for the cat tax crowd?"
    simplified = await tiny_en_zh.translate(text, Reader.ZH_CN, glossary=SERVER_GLOSSARY)
    traditional = await tiny_en_zh.translate(text, Reader.ZH_TW, glossary=SERVER_GLOSSARY)
    assert "火锅" in simplified.text and "猫税" in simplified.text
    assert "火鍋" in traditional.text and "貓稅" in traditional.text
    without = await tiny_en_zh.translate(text, Reader.ZH_CN, glossary=DEFAULT_GLOSSARY)
    assert "火锅" not in without.text  # the server term, not the model, wrote it


# ---------------------------------------------------------------- zh → en (real model)


@pytest.mark.realmodel
async def test_chinese_terms_inside_a_longer_sentence(real_engine: TranslationEngine) -> None:
    result = await real_engine.translate(
        "我昨天在小红书上看到很多美国人交猫税的帖子。", Reader.EN, glossary=SERVER_GLOSSARY
    )
    assert result.status is TranslationStatus.TRANSLATED
    assert "RedNote" in result.text
    assert "cat tax" in result.text


@pytest.mark.realmodel
async def test_mixed_script_term_and_traditional_input(real_engine: TranslationEngine) -> None:
    mixed = await real_engine.translate(
        "很多TikTok难民来到了小红书。", Reader.EN, glossary=SERVER_GLOSSARY
    )
    assert "TikTok refugee" in mixed.text and "RedNote" in mixed.text
    # Traditional input is converted to Simplified before terms are matched.
    traditional = await real_engine.translate(
        "歡迎來到小紅書！請交貓稅。", Reader.EN, glossary=SERVER_GLOSSARY
    )
    assert "RedNote" in traditional.text and "cat tax" in traditional.text


@pytest.mark.realmodel
async def test_a_server_term_wins_over_the_models_own_translation(
    real_engine: TranslationEngine,
) -> None:
    glossary = (*DEFAULT_GLOSSARY, GlossaryTerm(en="neijuan (involution)", zh="内卷"))
    text = "现在大城市的年轻人都在说内卷。"
    plain = await real_engine.translate(text, Reader.EN, glossary=DEFAULT_GLOSSARY)
    fixed = await real_engine.translate(text, Reader.EN, glossary=glossary)
    assert "neijuan (involution)" not in plain.text
    assert "neijuan (involution)" in fixed.text
    assert fixed.text != plain.text
