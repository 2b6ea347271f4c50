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
from demo.scene_memory import BETTER
from demo.scene_penpals import EMILY_HELLO, XIAOHONG_HELLO
from demo.scene_pinyin import XIAOHONG_MORE
from demo.script import CAT_TAX_ANSWER, PANDA_QUESTION, run_demo


def sections(transcript: str) -> tuple[str, str, str]:
    """The English side, the Chinese side and Emily's private Translate answer."""
    english = transcript.index("English side (#ask-english)")
    chinese = transcript.index("Chinese side (#问问中文)")
    private = transcript.index("Only Emily sees")
    scenes = transcript.index("Only 小红 sees")
    assert english < chinese < private < scenes
    return transcript[english:chinese], transcript[chinese:private], transcript[private:scenes]


def memory_scene(transcript: str) -> tuple[str, str, str]:
    """小红's private menu answer, the improved mirror, the same sentence in another thread."""
    private = transcript.index("Only 小红 sees")
    improved = transcript.index("English side (#ask-english) after the improvement")
    later = transcript.index("English side (#ask-english), another question")
    assert private < improved < later
    return transcript[private:improved], transcript[improved:later], transcript[later:]


def section(transcript: str, title: str) -> str:
    """From ``title`` to the next section's title (a line underlined with ═)."""
    start = transcript.index(title)
    lines = transcript[start:].splitlines()
    end = next((i - 1 for i in range(3, len(lines)) if lines[i].startswith("═")), len(lines))
    return "\n".join(lines[:end])


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
    # Emily corrects 小红's English: the card shows on both sides, the corrector named.
    english_card = transcript.index("A correction card, English side")
    chinese_card = transcript.index("The same card, Chinese side")
    assert english_card < chinese_card
    shown_en, shown_zh = transcript[english_card:chinese_card], transcript[chinese_card:]
    assert "Correction from **Emily**" in shown_en
    assert "来自 **Emily** 的纠正" in shown_zh or "Emily" in shown_zh
    for side in (shown_en, shown_zh):
        assert "~~has see~~**have seen**" in side.replace("\n", "")

    # Pen pals: matched on demand, both accepted, and the first exchange relayed both ways.
    assert "/penpal match → Proposals sent: 1." in transcript
    emily_dms = section(transcript, "Emily's DMs with Yiqi")
    assert "Yiqi found you a pen pal: 小红!" in emily_dms and "Accepted!" in emily_dms
    emily_thread = section(transcript, "Emily's pen-pal thread")
    assert EMILY_HELLO in emily_thread
    relayed_to_emily = emily_thread[emily_thread.index("[小红 · relayed by Yiqi]") :]
    assert "cat" in relayed_to_emily.lower() and XIAOHONG_HELLO in relayed_to_emily
    xiaohong_thread = section(transcript, "小红's pen-pal thread")
    assert XIAOHONG_HELLO in xiaohong_thread
    assert EMILY_HELLO in xiaohong_thread[xiaohong_thread.index("[Emily · relayed by Yiqi]") :]
    assert "<@" not in transcript and "<#" not in transcript  # mentions shown as names

    # Pinyin: the menu on the mirror of 小红's message, then Translate with pinyin on.
    pinyin = section(transcript, "(Apps → Pinyin")
    assert XIAOHONG_MORE in pinyin
    for word in ("zhǎngdà", "yínháng", "kuàilè"):
        assert word in pinyin
    translated = section(transcript, "(Apps → Translate on 小红's message")
    assert "**Original, with pinyin**" in translated and "yínháng" in translated

    check_digest(transcript)


@pytest.mark.realmodel
async def test_demo_shows_an_improved_translation_served_again_from_memory(
    make_settings: Callable[[], Settings], zh_en_model: LoadedModel
) -> None:
    engine = TranslationEngine({"zh_en": zh_en_model})
    try:
        transcript = await run_demo(make_settings(), translation=engine)
    finally:
        await engine.close()

    private, improved, later = memory_scene(transcript)
    assert "Improve a translation" in private and "Thank you" in private
    # The mirror reads 小红's version, marked as hers, with the original below.
    assert BETTER in improved and "improved by 小红" in improved
    assert "我最近在追一部美剧" in improved
    # The same sentence later, in another thread: her version, not the model's.
    assert BETTER in later and "improved by 小红" in later


def check_digest(transcript: str) -> None:
    """The digest comes last, as posted in its channel, with its chart saved and described."""
    digest = transcript[transcript.index("the weekly digest of") :]
    assert "Digest channel (#weekly-digest)" in digest
    assert "Yiqi weekly digest" in digest and "一起周报" in digest
    assert PANDA_QUESTION in digest  # the week's questions, quoted
    assert "This week in numbers · 本周数据" in digest
    # Learning this week: 小红 thanked Emily's correction, and improved a translation.
    learning = digest[digest.index("Learning this week · 本周学习") :]
    assert "Most helpful corrections" in learning and "have seen" in learning
    assert "Translations improved by members" in learning
    assert "<@" not in digest  # members named as Discord shows them
    saved = re.search(r"saved to (\S+\.png)", digest)
    assert saved is not None
    with Image.open(Path(saved[1])) as image:
        assert image.format == "PNG"
    assert "English side: " in digest and "中文区：" in digest  # the alt text, both languages
