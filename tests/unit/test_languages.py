import pytest

from bot.translation.languages import Reader, detect_side, has_words, reader_for_discord_locale
from db.enums import Script, Side


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Does every Chinese person own a panda?", Side.EN),
        ("每个中国人都有大熊猫吗？", Side.ZH),
        ("每個中國人都有大熊貓嗎？", Side.ZH),  # Traditional is Chinese, not "Korean"
        ("我觉得 TikTok 很好玩", Side.ZH),
        ("I love 火锅 so much, it's the best food ever", Side.EN),
    ],
)
def test_single_and_dominant_scripts_decide_themselves(text: str, expected: Side) -> None:
    assert detect_side(text) is expected
    assert detect_side(text, prior=expected.other) is expected


@pytest.mark.parametrize("prior", [Side.EN, Side.ZH])
def test_mixed_short_text_follows_the_channel(prior: Side) -> None:
    assert detect_side("lol 哈哈 ok", prior=prior) is prior


@pytest.mark.parametrize("text", ["🐱🐱🐱", "12345", "!!! ???", "", "   "])
def test_text_without_letters_has_no_side(text: str) -> None:
    assert not has_words(text)
    assert detect_side(text, prior=Side.ZH) is None


@pytest.mark.parametrize(
    ("value", "reader"),
    [
        ("en", Reader.EN),
        ("zh", Reader.ZH_CN),
        ("zh-CN", Reader.ZH_CN),
        ("zh_TW", Reader.ZH_TW),
        ("zh-Hant", Reader.ZH_TW),
        ("EN-us", Reader.EN),
    ],
)
def test_reader_parse(value: str, reader: Reader) -> None:
    assert Reader.parse(value) is reader


def test_reader_parse_rejects_other_languages() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        Reader.parse("fr")


def test_discord_locale_picks_reader() -> None:
    assert reader_for_discord_locale("zh-CN") is Reader.ZH_CN
    assert reader_for_discord_locale("zh-TW") is Reader.ZH_TW
    assert reader_for_discord_locale("en-US") is Reader.EN
    assert reader_for_discord_locale("fr") is Reader.EN
    assert reader_for_discord_locale(None) is Reader.EN


def test_readers_and_stored_scripts_map_both_ways() -> None:
    assert Reader.for_script(Script.SIMPLIFIED) is Reader.ZH_CN
    assert Reader.for_script(Script.TRADITIONAL) is Reader.ZH_TW
    assert [r.script for r in Reader] == [None, Script.SIMPLIFIED, Script.TRADITIONAL]
