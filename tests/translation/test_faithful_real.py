"""Faithful relay of real chat through the real zh→en model: code-switching, Discord markdown,
numbers and hostile characters (each case was measured broken before the markup pipeline)."""

from __future__ import annotations

import re

import pytest

from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.protection import GlossaryTerm
from bot.translation.results import TranslationStatus

pytestmark = pytest.mark.realmodel


async def _en(engine: TranslationEngine, text: str, **kwargs: object) -> str:
    result = await engine.translate(text, Reader.EN, **kwargs)  # type: ignore[arg-type]
    assert result.status is TranslationStatus.TRANSLATED, result
    assert not result.low_confidence, result
    return result.text


# ------------------------------------------------------------------------ code-switching


async def test_a_word_asked_about_stays_in_its_place(real_engine: TranslationEngine) -> None:
    text = await _en(real_engine, "awesome 是什么意思？")
    assert re.search(r"what does .?awesome.? mean", text, re.IGNORECASE), text


async def test_a_word_inside_a_sentence_survives(real_engine: TranslationEngine) -> None:
    text = await _en(real_engine, "今天学了一个新词 awesome，意思是很棒")
    assert "awesome" in text
    assert "new word" in text.lower()
    assert text.index("new word") < text.index("awesome")


async def test_an_english_sentence_is_kept_and_the_chinese_around_it_translated(
    real_engine: TranslationEngine,
) -> None:
    text = await _en(real_engine, "我喜欢这首歌 I love this song 真好听")
    assert "I love this song" in text
    before, _, after = text.rpartition("I love this song")
    assert "song" in before.lower()  # 我喜欢这首歌, translated before it
    assert re.search(r"[A-Za-z]", after), text  # 真好听 is not dropped
    assert not re.search(r"[\u4e00-\u9fff]", text)


# ------------------------------------------------------------------------ markdown


async def test_a_spoiler_stays_hidden_and_is_translated(real_engine: TranslationEngine) -> None:
    text = await _en(real_engine, "剧透：||主角最后死了||")
    match = re.search(r"\|\|(.+)\|\|", text)
    assert match is not None, text
    assert re.search(r"dead|die", match.group(1), re.IGNORECASE), text
    assert not re.search(r"dead|die", text.replace(match.group(0), ""), re.IGNORECASE)


@pytest.mark.parametrize(
    ("source", "shape", "word"),
    [
        ("**重要**的事情", r"^\*\*[^*]+\*\*", "important"),
        ("*真的*吗", r"^\*[^*]+\*", "real"),
        ("__下划线__", r"^__[^_]+__$", "underline"),
        ("_斜体_", r"^_[^_]+_$", "italic"),
        ("~~删除~~ 没事了", r"^~~[^~]+~~ \S", "delete"),
        ("# 标题", r"^# \S", "title"),
        ("## 二级标题", r"^## \S", "title"),
        ("### 三级标题", r"^### \S", "title"),
        ("-# 小字说明", r"^-# \S", ""),
        ("> 你说得对", r"^> \S", "right"),
        (">>> 第一行\n第二行", r"^>>> \S.*\n\S", "first"),
        ("- 苹果\n- 香蕉", r"^- \S.*\n- \S", "apple"),
        ("* 苹果\n* 香蕉", r"^\* \S.*\n\* \S", "banana"),
        ("1. 苹果\n2. 香蕉", r"^1\. \S.*\n2\. \S", "apple"),
        ("[点这里](https://example.com/a)", r"^\[[^\]]+\]\(https://example\.com/a\)$", ""),
        ("会议在 <t:1737000000:R> 开始", r"<t:1737000000:R>", "meeting"),
        ("用 `pip install` 安装", r"`pip install`", "install"),
        ("代码如下：\n```\n代码 不要翻译\n```", r"\n```\n代码 不要翻译\n```$", "code"),
    ],
)
async def test_markdown_construct_survives(
    real_engine: TranslationEngine, source: str, shape: str, word: str
) -> None:
    text = await _en(real_engine, source)
    assert re.search(shape, text, re.DOTALL), text
    assert word in text.lower(), text
    prose = text.replace("代码 不要翻译", "")
    assert not re.search(r"[\u4e00-\u9fff]", prose), text


# ------------------------------------------------------------------------ numbers


async def test_a_negative_temperature_keeps_its_sign(real_engine: TranslationEngine) -> None:
    text = await _en(real_engine, "今天-5度")
    assert "-5" in text and "degree" in text.lower(), text


async def test_a_phone_number_comes_through_digit_for_digit(
    real_engine: TranslationEngine,
) -> None:
    text = await _en(real_engine, "我的电话是13800138000")
    assert "13800138000" in text, text


# ------------------------------------------------------------------------ protection


async def test_everyone_before_chinese_is_protected(real_engine: TranslationEngine) -> None:
    text = await _en(real_engine, "@everyone今天开会")
    assert text.count("@everyone") == 1 and "meeting" in text.lower(), text


async def test_a_member_typing_the_marker_keeps_protection(
    real_engine: TranslationEngine,
) -> None:
    text = await _en(real_engine, "zqx 是什么？<@123456789012345678> 你好")
    assert "<@123456789012345678>" in text and "zqx" in text, text


async def test_a_glossary_term_starting_with_a_digit_is_translated(
    real_engine: TranslationEngine,
) -> None:
    text = await _en(
        real_engine,
        "<@123456789012345678> <@223456789012345678> 我坐1号线去上班",
        glossary=[GlossaryTerm(en="Line 1", zh="1号线")],
    )
    assert "Line 1" in text and "work" in text.lower(), text
    assert "<@123456789012345678>" in text and "<@223456789012345678>" in text


@pytest.mark.parametrize(
    "source",
    [
        "你\u200b好\u200b吗\u200b？",  # zero-width spaces
        "你好吗？\u202e我很好",  # right-to-left override
        "你\u0301\u0302\u0303\u0304好\u0305\u0306\u0307吗",  # Zalgo
    ],
)
async def test_invisible_characters_do_not_derail_the_model(
    real_engine: TranslationEngine, source: str
) -> None:
    text = await _en(real_engine, source)
    assert "how are you" in text.lower(), text
    assert "<unk>" not in text
    assert not re.search(r"[\u200b\u202e\u0300-\u036f]", text)


async def test_an_emoji_zwj_sequence_stays_one_picture(real_engine: TranslationEngine) -> None:
    text = await _en(real_engine, "我们一家人 👨\u200d👩\u200d👧")
    assert "👨\u200d👩\u200d👧" in text, text
