"""Markup, code-switching and protection plumbing in both directions (tiny random-weight models).

The output is gibberish by design; what is checked is that markup, kept runs and protected
spans come through in place whatever the model writes.
"""

from __future__ import annotations

import re

import pytest

from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
from bot.translation.results import TranslationStatus


async def _translated(engine: TranslationEngine, text: str, target: Reader) -> str:
    result = await engine.translate(text, target)
    assert result.status is TranslationStatus.TRANSLATED, result
    assert not re.search(r"zqx\s?\d", result.text, re.IGNORECASE), result.text
    return result.text


@pytest.mark.parametrize(
    ("text", "target", "skeleton"),
    [
        ("Spoiler: ||the hero dies at the end||", Reader.ZH_CN, r"^.+ \|\|.+\|\|$"),
        ("剧透：||主角最后死了||", Reader.EN, r"^.+\|\|.+\|\|$"),
        ("**Important** and ~~deleted~~ news", Reader.ZH_CN, r"^\*\*.+\*\* .+ ~~.+~~ .+$"),
        ("__下划线__ 和 _斜体_", Reader.EN, r"^__.+__ .+ _.+_$"),
        ("# Title\n## Section\n### Part", Reader.ZH_CN, r"^# .+\n## .+\n### .+$"),
        ("-# small print\n> quoted", Reader.ZH_CN, r"^-# .+\n> .+$"),
        (">>> 第一行\n第二行", Reader.EN, r"^>>> .+\n.+$"),
        ("- apples\n* pears\n1. plums", Reader.ZH_TW, r"^- .+\n\* .+\n1\. .+$"),
        (
            "[click here](https://example.com/a)",
            Reader.ZH_CN,
            r"^\[.+\]\(https://example\.com/a\)$",
        ),
        ("用 `pip install` 安装，时间 <t:1737000000:R>", Reader.EN, r"`pip install`.*<t:\d+:R>"),
    ],
)
async def test_markup_survives_gibberish(
    tiny_engine: TranslationEngine, text: str, target: Reader, skeleton: str
) -> None:
    assert re.search(skeleton, await _translated(tiny_engine, text, target), re.DOTALL)


async def test_spoiler_content_never_leaves_the_bars(tiny_engine: TranslationEngine) -> None:
    text = await _translated(tiny_engine, "||secret||", Reader.ZH_CN)
    assert text.startswith("||") and text.endswith("||") and text.count("||") == 2, text
    assert text.strip("|").strip()


async def test_latin_inside_chinese_stays_verbatim_for_english_readers(
    tiny_engine: TranslationEngine,
) -> None:
    text = await _translated(
        tiny_engine, "我喜欢这首歌 I love this song 真好听，awesome 是什么意思？", Reader.EN
    )
    assert "I love this song" in text and "awesome" in text, text
    assert text.index("I love this song") < text.index("awesome")


async def test_chinese_inside_english_stays_verbatim_for_chinese_readers(
    tiny_engine: TranslationEngine,
) -> None:
    # A short run rides inside its sentence as a placeholder; a long one is cut out and kept.
    source = "What does 火锅 mean? My friend said 我们明天一起去吃火锅吧 and then we left."
    text = await _translated(tiny_engine, source, Reader.ZH_CN)
    assert "火锅" in text and "我们明天一起去吃火锅吧" in text, text
    assert text.index("我们明天一起去吃火锅吧") > text.index("火锅")


async def test_numbers_and_mentions_survive_both_directions(tiny_engine: TranslationEngine) -> None:
    to_zh = await _translated(
        tiny_engine, "@everyone call 13800138000, it is -5 degrees", Reader.ZH_CN
    )
    to_en = await _translated(tiny_engine, "@everyone今天-5度，电话13800138000", Reader.EN)
    for text in (to_zh, to_en):
        assert "@everyone" in text and "13800138000" in text and "-5" in text, text


async def test_a_member_typing_the_marker_keeps_protection_both_ways(
    tiny_engine: TranslationEngine,
) -> None:
    for text, target in (
        ("zqx1 hello <@123456789012345678> https://example.com", Reader.ZH_CN),
        ("ZQX0 你好 <@123456789012345678> https://example.com", Reader.EN),
    ):
        result = await tiny_engine.translate(text, target)
        assert "<@123456789012345678>" in result.text and "https://example.com" in result.text
