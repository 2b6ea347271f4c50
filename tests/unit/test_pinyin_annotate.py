"""Words and their pinyin: phrase-aware heteronyms, Traditional text, what passes through."""

from __future__ import annotations

import pytest

from bot.services.pinyin.annotate import Kind, Word, annotate, has_chinese


def readings(text: str) -> dict[str, str]:
    return {w.text: w.pinyin for w in annotate(text) if w.kind is Kind.HANZI}


def hanzi(words: list[Word]) -> list[Word]:
    return [w for w in words if w.kind is Kind.HANZI]


# The issue's heteronyms, then a few more pairs where one character reads two ways.
ISSUE_HETERONYMS = [
    ("我在银行工作。", "银行", "yínháng"),
    ("他每天行走一个小时。", "行走", "xíngzǒu"),
    ("这件事很重要。", "重要", "zhòngyào"),
    ("我们重新开始吧。", "重新", "chóngxīn"),
]
MORE_HETERONYMS = [
    ("我长大了想当老师。", "长大", "zhǎngdà"),
    ("这条河的长度是多少？", "长度", "chángdù"),
    ("我喜欢听音乐。", "音乐", "yīnyuè"),
    ("祝你生日快乐！", "快乐", "kuàilè"),
    ("他去重庆出差了。", "重庆", "chóngqìng"),
    ("他是银行行长。", "行长", "hángzhǎng"),
]


def test_a_compound_of_two_words_is_written_as_two() -> None:
    # jieba keeps 生日快乐 and 银行行长 whole; pinyin writes shēngrì kuàilè.
    assert readings("祝你生日快乐！") == {
        "祝": "zhù",
        "你": "nǐ",
        "生日": "shēngrì",
        "快乐": "kuàilè",
    }
    assert readings("银行行长") == {"银行": "yínháng", "行长": "hángzhǎng"}


@pytest.mark.parametrize(("sentence", "word", "pinyin"), ISSUE_HETERONYMS + MORE_HETERONYMS)
def test_a_heteronym_reads_as_its_word_says(sentence: str, word: str, pinyin: str) -> None:
    assert readings(sentence)[word] == pinyin


def test_words_come_from_jieba_not_forward_maximum_matching() -> None:
    # pypinyin's own segmentation reads 在行 ("expert") here: "zài háng zǒu".
    assert readings("我在行走中思考")["行走"] == "xíngzǒu"
    # …and splits 工作 into 工 + 作; a learner wants the word.
    assert readings("我在银行工作")["工作"] == "gōngzuò"
    # 为人 and 西藏 are phrases there, not here.
    assert readings("我们为人民服务")["为"] == "wèi"
    assert readings("他把东西藏起来了")["藏"] == "cáng"


def test_both_readings_of_one_character_in_one_sentence() -> None:
    words = readings("音乐让我快乐，我长大了才知道长度的意思")
    assert (words["音乐"], words["快乐"]) == ("yīnyuè", "kuàilè")
    assert (words["长大"], words["长度"]) == ("zhǎngdà", "chángdù")


def test_traditional_is_looked_up_in_simplified_but_shown_as_written() -> None:
    text = "我們在銀行門口重新開始，這很重要。"
    words = annotate(text)
    assert "".join(w.text for w in words) == text
    found = {w.text: w.pinyin for w in hanzi(words)}
    assert found["銀行"] == "yínháng"
    assert found["重新"] == "chóngxīn"
    assert found["開始"] == "kāishǐ"
    assert found["重要"] == "zhòngyào"
    assert found["我們"] == "wǒmen"


def test_mentions_emoji_links_code_and_latin_words_pass_through_untouched() -> None:
    mention, emoji = "<@123456789012345678>", "<:cat:987654321098765432>"
    link = "https://example.com/a?b=1"
    text = f"{mention} 你看 {link} 这个 {emoji} 🐱🐱 awesome 是什么意思？`代码` ok"
    words = annotate(text)
    assert "".join(w.text for w in words) == text
    protected = [w.text for w in words if w.kind is Kind.PROTECTED]
    assert protected == [mention, link, emoji, "🐱🐱", "`代码`"]
    assert any(w.kind is Kind.OTHER and "awesome" in w.text for w in words)
    # Only the Chinese outside code gets pinyin.
    assert [w.text for w in hanzi(words)] == ["你", "看", "这个", "是", "什么", "意思"]


def test_numbers_are_plain_text_not_protected() -> None:
    words = annotate("今天-5度，电话13800138000")
    assert {w.text for w in words if w.kind is Kind.OTHER} >= {"-5", "13800138000"}


def test_text_with_no_chinese() -> None:
    assert not has_chinese("Hello <@123456789012345678> 🐱 https://example.com/cat")
    assert not has_chinese("```\n中文代码\n```")  # Chinese inside code is code
    assert not hanzi(annotate("Just English, 123!"))
    assert has_chinese("lol 哈哈 ok")
