"""The chat quality test set parses and is big enough to score; chrF behaves as a score should."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bench.chat_set import CHAT_SET, ChatLine, chrf, load_chat_set, scores_by_category


def test_chat_set_has_enough_lines_in_every_category() -> None:
    lines = load_chat_set()
    assert len(lines) >= 150
    per_category = Counter(line.category for line in lines)
    assert min(per_category.values()) >= 10, per_category
    assert {"slang", "code_switch", "markdown", "emoji", "mentions", "numbers"} <= set(per_category)


def test_every_chat_line_has_a_source_and_a_reference() -> None:
    lines = load_chat_set()
    assert all(line.zh.strip() and line.en.strip() for line in lines)
    assert len({line.zh for line in lines}) == len(lines), "sources must be distinct"
    # Every line of the file is one record: no blank or stray lines hide in it.
    raw_lines = CHAT_SET.read_text(encoding="utf-8").splitlines()
    assert len(raw_lines) == len(lines)


def test_references_keep_discord_markup_of_the_source() -> None:
    """Spoilers, mentions and custom emoji appear in the reference exactly as in the source."""
    for line in load_chat_set():
        for marker in ("||", "**", "~~", "`", "<@", "<#", "<:", "<a:", "](https://", "-# "):
            assert line.zh.count(marker) == line.en.count(marker), (marker, line)


def test_a_record_without_a_reference_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "set.jsonl"
    bad.write_text(json.dumps({"category": "slang", "zh": "666"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"set\.jsonl:1"):
        load_chat_set(bad)


def test_chrf_is_100_for_identical_text_and_lower_for_different_text() -> None:
    references = ["I walk 10000 steps every day.", "||Spoiler alert|| They end up together!"]
    assert chrf(references, references) == pytest.approx(100.0)
    close = chrf(["I walk 10000 steps each day.", "||Spoiler|| They end up together!"], references)
    far = chrf(["Zirconium.", "Good boy, too?"], references)
    assert 0 <= far < close < 100


def test_chrf_needs_one_hypothesis_per_reference() -> None:
    with pytest.raises(ValueError, match="one hypothesis per reference"):
        chrf(["a"], ["a", "b"])


def test_scores_are_given_overall_and_per_category() -> None:
    lines = [
        ChatLine("numbers", "我住在23楼", "I live on the 23rd floor."),
        ChatLine("emoji", "晚安🌙", "Good night 🌙"),
    ]
    scores = scores_by_category(lines, ["I live on the 23rd floor.", "Zirconium"])
    assert list(scores) == ["overall", "numbers", "emoji"]
    assert scores["numbers"] == pytest.approx(100.0)
    assert scores["emoji"] < scores["overall"] < scores["numbers"]
