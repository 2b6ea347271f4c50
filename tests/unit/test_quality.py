import pytest

from bot.translation.quality import is_low_confidence
from db.enums import Side


@pytest.mark.parametrize(
    ("source", "output", "target"),
    [
        ("阴性", "阴性阴性阴性阴性阴性", Side.EN),  # untranslated and looping
        ("你好吗", "", Side.EN),
        ("你好吗", "你好吗", Side.EN),
        ("How are you?", "How are you?", Side.ZH),
        ("我喜欢猫", "I like cats cats cats cats cats cats", Side.EN),
        ("好", "Good " * 40, Side.EN),
        ("我喜欢猫", "我喜欢猫咪", Side.EN),  # still Chinese
    ],
)
def test_bad_outputs_are_flagged(source: str, output: str, target: Side) -> None:
    assert is_low_confidence(source, output, target)


@pytest.mark.parametrize(
    ("source", "output", "target"),
    [
        ("每个中国人都有大熊猫吗？", "Does every Chinese have a big panda?", Side.EN),
        ("哈哈哈哈哈哈", "Ha ha ha ha ha ha", Side.EN),  # the source repeats too
        ("How are you?", "你好吗？", Side.ZH),
    ],
)
def test_good_outputs_pass(source: str, output: str, target: Side) -> None:
    assert not is_low_confidence(source, output, target)
