"""The pinyin view as Discord shows it: Chinese line, pinyin line, within message limits."""

from __future__ import annotations

from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from bot.services.pinyin.annotate import annotate
from bot.services.pinyin.layout import pinyin_messages, render_pinyin


def view(text: str) -> str:
    return render_pinyin(annotate(text))


def test_words_are_spaced_and_pinyin_sits_beneath_word_for_word() -> None:
    assert view("我在银行工作，他重新开始行走。") == (
        "我 在 银行 工作，他 重新 开始 行走。\nwǒ zài yínháng gōngzuò, tā chóngxīn kāishǐ xíngzǒu."
    )


def test_traditional_shows_the_members_own_characters() -> None:
    chinese, pinyin = view("我們重新開始吧！").splitlines()
    assert chinese == "我們 重新 開始 吧！"
    assert pinyin == "wǒmen chóngxīn kāishǐ ba!"


def test_mentions_emoji_and_links_show_once_latin_words_in_both_lines() -> None:
    mention, emoji = "<@123456789012345678>", "<:cat:987654321098765432>"
    chinese, pinyin = view(f"{mention} awesome 是什么意思？{emoji} https://example.com").split("\n")
    assert chinese == f"{mention} awesome 是 什么 意思？{emoji} https://example.com"
    assert pinyin == "awesome shì shénme yìsi?"


def test_markup_follows_its_words_and_a_spoiler_stays_hidden() -> None:
    chinese, pinyin = view("**重要**的事||秘密||").splitlines()
    assert chinese == "**重要** 的 事 ||秘密||"
    assert pinyin == "**zhòngyào** de shì ||mìmì||"


def test_each_line_is_its_own_block_and_english_lines_show_once() -> None:
    text = "> 引用一下\nplain English line\n\n我用Python写代码"
    assert view(text) == (
        "> 引用 一下\n> yǐnyòng yīxià\n\nplain English line\n\n"
        "我用Python写 代码\nwǒyòng Python xiě dàimǎ"
    )


def test_a_code_block_keeps_its_lines() -> None:
    text = "看这个：\n```py\nprint('你好')\n```"
    assert view(text) == "看 这个：\nkàn zhège:\n\n```py\nprint('你好')\n```"


def test_a_long_text_is_cut_between_blocks_within_discords_limit() -> None:
    line = "我在银行工作，他重新开始行走，这很重要，我们都很快乐。"
    parts = pinyin_messages(annotate("\n".join([line] * 60)))
    assert len(parts) > 1
    assert all(discord_length(part) <= MESSAGE_LIMIT for part in parts)
    blocks = [block for part in parts for block in part.split("\n\n")]
    assert len(blocks) == 60  # no Chinese line parted from its pinyin
    assert all(block.count("\n") == 1 and "yínháng" in block for block in blocks)
