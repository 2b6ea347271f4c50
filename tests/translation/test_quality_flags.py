"""Corrupted output is flagged low-confidence: ``<unk>`` tokens and numbers that did not survive."""

from __future__ import annotations

import pytest

from bot.translation.quality import is_low_confidence
from db.enums import Side


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("我的电话是13800138000", "My phone number is 138,138,000."),
        ("我们有250只猫", "We have 25 cats."),
        ("你好吗", "How <unk> you?"),
    ],
)
def test_corrupted_output_is_flagged(source: str, output: str) -> None:
    assert is_low_confidence(source, output, Side.EN)


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("10月1日见", "See you on October 1st."),  # short numbers may change form
        ("我们有1,000只猫", "We have 1000 cats."),  # separators do not matter
        ("今年是2025年", "This year is 2025."),
    ],
)
def test_numbers_that_came_through_pass(source: str, output: str) -> None:
    assert not is_low_confidence(source, output, Side.EN)
