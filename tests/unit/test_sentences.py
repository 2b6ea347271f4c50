import pytest

from bot.translation.sentences import MAX_SENTENCE_CHARS, join_sentences, split_sentences


def _sentences(text: str) -> list[tuple[str, ...]]:
    return [line.sentences for line in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello there. How are you? I am fine!", [("Hello there.", "How are you?", "I am fine!")]),
        ("你好。你好吗？我很好！", [("你好。", "你好吗？", "我很好！")]),
        (
            "Mr. Smith went to the U.S. yesterday. It was fun.",
            [("Mr. Smith went to the U.S. yesterday.", "It was fun.")],
        ),
        ("Is it 3.14? Yes.", [("Is it 3.14?", "Yes.")]),
        ("他说：“你好。”然后走了。", [("他说：“你好。”", "然后走了。")]),
        ("Wait... what?! Really", [("Wait...", "what?!", "Really")]),
        ("I love it.真的吗？", [("I love it.", "真的吗？")]),
        ("lol 哈哈 ok", [("lol 哈哈 ok",)]),
    ],
)
def test_split(text: str, expected: list[tuple[str, ...]]) -> None:
    assert _sentences(text) == expected


def test_lines_and_blank_lines_keep_their_place() -> None:
    lines = split_sentences("第一行\n\n  第二行。还有？")
    assert [line.sentences for line in lines] == [("第一行",), (), ("第二行。", "还有？")]
    rebuilt = join_sentences(
        [list(line.sentences) for line in lines], [line.indent for line in lines], cjk_target=True
    )
    assert rebuilt == "第一行\n\n  第二行。还有？"


def test_very_long_sentences_are_cut_below_the_limit() -> None:
    text = ("这是一个很长的句子，" * 80) + ("word " * 200)
    parts = [s for line in split_sentences(text) for s in line.sentences]
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in parts)
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")
