"""``yiqi demo``'s script end to end: the real bot, SimCord and the real zh→en model."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.runtime import LoadedModel
from demo.script import CAT_TAX_ANSWER, PANDA_QUESTION, run_demo


def sections(transcript: str) -> tuple[str, str, str]:
    """The English side, the Chinese side and Emily's private Translate answer."""
    english = transcript.index("English side (#ask-english)")
    chinese = transcript.index("Chinese side (#问问中文)")
    private = transcript.index("Only Emily sees")
    assert english < chinese < private
    end = transcript.index("the weekly digest of")
    return transcript[english:chinese], transcript[chinese:private], transcript[private:end]


def line_before(section: str, text: str) -> str:
    lines = section.splitlines()
    index = next(i for i, line in enumerate(lines) if text in line)
    return lines[index - 1].strip()


@pytest.mark.realmodel
async def test_demo_transcript_shows_both_sides(
    make_settings: Callable[[], Settings], zh_en_model: LoadedModel
) -> None:
    engine = TranslationEngine({"zh_en": zh_en_model})
    try:
        transcript = await run_demo(make_settings(), translation=engine)
    finally:
        await engine.close()

    english, chinese, private = sections(transcript)
    # Emily's question reaches the Chinese side under her name.
    assert line_before(chinese, PANDA_QUESTION) == "[Emily · relayed by Yiqi]"
    # 小红's Chinese reply arrives on the English side in English.
    reply = english[english.index("[小红 · relayed by Yiqi]") :].splitlines()[1].lower()
    assert "panda" in reply or "zoo" in reply
    # Without an en→zh model the Chinese side says so instead of pretending.
    assert "en→zh" in chinese
    # The cat tax keeps its emoji on both sides; no protection placeholder leaks.
    assert CAT_TAX_ANSWER in english and CAT_TAX_ANSWER in chinese
    assert "🐱" in CAT_TAX_ANSWER
    assert "ZQX" not in transcript
    # The Translate menu answered Emily privately, in English.
    assert "cat" in private.lower()
    check_digest(transcript)


def check_digest(transcript: str) -> None:
    """The digest comes last, as posted in its channel, with its chart saved and described."""
    digest = transcript[transcript.index("the weekly digest of") :]
    assert "Digest channel (#weekly-digest)" in digest
    assert "Yiqi weekly digest" in digest and "一起周报" in digest
    assert PANDA_QUESTION in digest  # the week's questions, quoted
    assert "This week in numbers · 本周数据" in digest
    assert "<@" not in digest  # members named as Discord shows them
    saved = re.search(r"saved to (\S+\.png)", digest)
    assert saved is not None
    with Image.open(Path(saved[1])) as image:
        assert image.format == "PNG"
    assert "English side: " in digest and "中文区：" in digest  # the alt text, both languages
