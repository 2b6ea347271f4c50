"""The correction diff on plain values: English, Chinese (jieba), mixed, punctuation, emoji."""

from __future__ import annotations

from bot.services.corrections.diff import render_diff, unchanged, word_diff
from bot.services.corrections.tokens import tokenize


def diff(original: str, corrected: str, limit: int = 2000) -> str:
    return render_diff(word_diff(original, corrected), limit)


def test_english_words_struck_and_added() -> None:
    assert diff("I go to school yesterday.", "I went to school yesterday.") == (
        "I ~~go~~**went** to school yesterday\\."
    )


def test_neighbouring_changes_are_grouped() -> None:
    assert diff("I has a apple", "I have an apple") == "I ~~has a~~**have an** apple"


def test_chinese_is_compared_by_jieba_words() -> None:
    assert [t.text for t in tokenize("我喜欢学习中文")] == ["我", "喜欢", "学习", "中文"]
    assert diff("我很喜欢学习中文", "我非常喜欢学习中文") == "我~~很~~**非常**喜欢学习中文"


def test_one_chinese_character_between_changes_joins_them() -> None:
    assert diff("我昨天去了商店买东西。", "我昨天去超市买了东西。") == (
        "我昨天去~~了商店买~~**超市买了**东西。"
    )


def test_mixed_text_keeps_latin_words_whole() -> None:
    tokens = [t.text for t in tokenize("我很like这个app")]
    assert "like" in tokens and "app" in tokens
    assert diff("我很 like 这个", "我很喜欢这个").count("**喜欢**") == 1


def test_punctuation_is_its_own_token() -> None:
    assert diff("Hello world", "Hello, world!") == "Hello**,** world**!**"
    assert diff("你好吗", "你好吗？") == "你好吗**？**"


def test_emoji_mentions_and_links_stay_intact() -> None:
    shown = diff(
        "i love 🐱 <@123> <:cat:42> https://x.com/a_b",
        "I love 🐱 <@123> <:cat:42> https://x.com/a_b",
    )
    assert shown.endswith("love 🐱 <@123> <:cat:42> https://x.com/a_b")
    assert shown.startswith("~~i~~**I**")


def test_markdown_in_member_text_is_escaped() -> None:
    shown = diff("||spoiler|| **x** @everyone", "||spoiler|| **y** @everyone")
    assert "\\|\\|spoiler\\|\\|" in shown and "@\u200beveryone" in shown
    assert "~~x~~" in shown and "**y**" in shown


def test_long_diff_keeps_changes_with_context_within_the_limit() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    shown = diff(words + " teh end", words + " the end", limit=200)
    assert len(shown) <= 200 and "~~teh~~**the**" in shown and "…" in shown


def test_spacing_alone_is_no_change() -> None:
    assert unchanged("I  like  tea", "I like tea")
    assert not unchanged("I like tea", "I like tea.")
