"""Digest rendering: bilingual blocks, Traditional script, and Discord's message limit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs
from bot.services.digest.highlights import (
    Engagement,
    ExchangeHighlight,
    Quote,
    SideStats,
    WeeklyHighlights,
)
from bot.services.digest.render import DigestRenderer, excerpt
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_split import split_messages
from bot.services.discord_text import discord_length
from db.enums import Side

LONG_CHINESE = "这个问题真的很有意思，" * 120  # 1,320 characters, no spaces
LONG_ENGLISH = "Does every rural American family really have a big farm? " * 30


@pytest.fixture(autouse=True)
def catalogs() -> Iterator[None]:
    install_catalogs(Catalogs.load(LOCALE_DIR))
    yield
    install_catalogs(None)


def _quote(side: Side, text: str, translation: str | None, name: str = "小红") -> Quote:
    url = "https://discord.com/channels/1/2/3"
    return Quote(side, name, text, translation, url, url)


def _exchange(number: int, side: Side = Side.ZH) -> ExchangeHighlight:
    english, chinese = f"{number}: {LONG_ENGLISH}", f"{number}：{LONG_CHINESE}"
    original, translation = (chinese, english) if side is Side.ZH else (english, chinese)
    return ExchangeHighlight(
        question_id=number,
        question=_quote(side, original, translation),
        engagement=Engagement(3, 4, 5, 6, 40),
        best_answer=_quote(side.other, translation, original, name="Emily " * 20),
    )


def _week(**fields: object) -> WeeklyHighlights:
    values: dict[str, object] = {
        "guild_id": 1,
        "week": IsoWeek(2025, 3),
        "timezone": "Asia/Shanghai",
        "prefer_traditional": False,
        "question_of_the_week": None,
    }
    values.update(fields)
    return WeeklyHighlights(**values)  # type: ignore[arg-type]


def test_headings_and_highlights_are_in_both_languages() -> None:
    week = _week(
        question_of_the_week=ExchangeHighlight(
            1,
            _quote(Side.EN, "Do Americans need two jobs?", "美国人需要两份工作吗？", "Emily"),
            Engagement(1, 2, 3, 4, 20),
        ),
        stats=[SideStats(Side.EN, 3, 1, 5400.0), SideStats(Side.ZH, 5, 0, None)],
    )
    text = "\n\n".join(DigestRenderer().blocks(week))
    assert "Question of the week · 本周问题" in text
    assert "> 🇺🇸 **Emily**: Do Americans need two jobs?\n> 🇨🇳 美国人需要两份工作吗？" in text
    assert "(<https://discord.com/channels/1/2/3>)" in text  # jump links without embeds
    assert "1 h 30 min" in text and "1 小时 30 分钟" in text


def test_traditional_guilds_read_chinese_in_traditional_script() -> None:
    week = _week(
        prefer_traditional=True,
        question_of_the_week=ExchangeHighlight(
            1,
            _quote(Side.ZH, "这个问题很有意思", "This question is interesting"),
            Engagement(1, 1, 2, 0, 9),
        ),
    )
    text = "\n\n".join(DigestRenderer("s2twp").blocks(week))
    assert "這個問題很有意思" in text
    assert "这个问题" not in text
    assert "本週問題" in text  # the zh_TW catalog


def test_a_missing_translation_shows_the_original_with_a_note() -> None:
    week = _week(
        question_of_the_week=ExchangeHighlight(
            1, _quote(Side.ZH, "猫税是什么？", None), Engagement(0, 1, 1, 0, 3)
        )
    )
    text = "\n\n".join(DigestRenderer().blocks(week))
    assert "> 🇨🇳 **小红**: 猫税是什么？\n> 🇺🇸 *(no translation stored · 未存储译文)*" in text


def test_a_very_busy_week_stays_within_discord_limits_without_cutting_highlights() -> None:
    week = _week(
        question_of_the_week=_exchange(0),
        top_exchanges=[_exchange(n, Side.EN if n % 2 else Side.ZH) for n in range(1, 301)],
        new_pairs=[(n, n + 1) for n in range(0, 400, 2)],
        newcomers=list(range(10**17, 10**17 + 500)),
        stats=[SideStats(Side.EN, 4000, 1000, 7200.0), SideStats(Side.ZH, 9000, 3000, 60.0)],
    )
    blocks = DigestRenderer().blocks(week)
    messages = split_messages(blocks)
    assert all(discord_length(m) <= 2000 for m in messages)
    assert len(messages) > 100
    for block in blocks:  # each highlight fits, so each sits whole in exactly one message
        assert discord_length(block) <= 2000
        assert sum(block in m for m in messages) == 1
    joined = "\n\n".join(messages)
    assert joined.count("**300.**") == 1
    assert "… and 190 more pairs · 还有 190 对" in joined  # pairs beyond the first 10
    assert "… and 475 more newcomers · 还有 475 位新朋友" in joined


def test_blocks_longer_than_a_message_split_between_lines_and_long_lines_are_split() -> None:
    lines = [f"line {n} " + "字" * 300 for n in range(20)]
    huge_line = "🐱" * 3000  # 6,000 UTF-16 units
    messages = split_messages(["short", "\n".join(lines), huge_line, "tail"])
    assert all(discord_length(m) <= 2000 for m in messages)
    joined = "\n".join(messages)
    assert all(line in joined for line in lines)  # no line was cut
    assert messages[-1].endswith("tail")
    # The line longer than a message is split over messages, every cat kept, none cut short.
    assert "…" not in joined
    assert joined.count("🐱") == 3000
    assert sum(1 for m in messages if m.startswith("🐱")) == 3


def test_excerpt_cuts_at_a_word_and_keeps_chinese() -> None:
    assert excerpt("one two three four", 12) == "one two…"
    assert excerpt("一二三四五六七八九十", 5) == "一二三四…"
    assert excerpt("  spread\n over   lines ", 100) == "spread over lines"
