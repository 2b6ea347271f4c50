"""The learning section's rendering: members' words escaped, kept short, script and languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs
from bot.services.digest.highlights import (
    CorrectionHighlight,
    ImprovementHighlight,
    LearningHighlights,
)
from bot.services.digest.render_learning import learning_blocks
from bot.services.digest.view import DigestView
from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from db.enums import Side

HOSTILE = "# @everyone **bold** <@999> [link](https://evil.example) ||spoiler|| `code`\n> quote"


@pytest.fixture(autouse=True)
def catalogs() -> Iterator[None]:
    install_catalogs(Catalogs.load(LOCALE_DIR))
    yield
    install_catalogs(None)


def _correction(text: str, language: Side = Side.EN) -> CorrectionHighlight:
    return CorrectionHighlight(language, 1, 2, text, text, text, 3, None)


def test_an_empty_week_has_no_section() -> None:
    assert learning_blocks(DigestView(False, "s2twp", True), LearningHighlights()) == []


def test_members_words_are_shown_literally_on_their_own_lines() -> None:
    learning = LearningHighlights(
        corrections=[_correction(HOSTILE)],
        corrections_total=1,
        improvements=[ImprovementHighlight(Side.EN, HOSTILE, HOSTILE, HOSTILE, 3)],
        improvements_total=1,
    )
    [correction, improvement] = learning_blocks(DigestView(False, "s2twp", True), learning)
    for block in (correction, improvement):
        assert "@everyone" not in block and "<@999>" not in block and "](https" not in block
        assert "\\*\\*bold\\*\\*" in block and "\\|\\|spoiler\\|\\|" in block
        # Every line is the bot's: a member's line break cannot end a quote early.
        assert all(
            line.startswith((">", "<@", "🛠️", "###", "**", "-#")) for line in block.splitlines()
        )
    assert correction.startswith("### 🌱 Learning this week · 本周学习\n")
    assert "<@1> 🙏 <@2> · 👍 3" in correction
    assert "🛠️ <@3>" in improvement


def test_long_texts_are_cut_and_traditional_guilds_read_traditional() -> None:
    long_chinese = "这个句子里有一个小错误，" * 100
    learning = LearningHighlights(
        corrections=[_correction(long_chinese, Side.ZH)],
        corrections_total=9,
        improvements=[ImprovementHighlight(Side.ZH, long_chinese, "x " * 999, "y " * 999, 3)],
        improvements_total=1,
    )
    blocks = learning_blocks(DigestView(True, "s2twp", False), learning)
    assert all(discord_length(block) <= MESSAGE_LIMIT for block in blocks)
    assert "這個句子裡有一個小錯誤" in blocks[0] and "这个句子" not in "".join(blocks)
    assert "本週學習" in blocks[0] and "還有 8 則有幫助的糾正" in blocks[0]
    assert "@1 🙏 @2" in blocks[0]  # Markdown: ids, not mentions
    assert all(len(line) <= 220 for block in blocks for line in block.splitlines())
