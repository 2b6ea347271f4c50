"""The "Learning together: cost per use" bench section: its learner versions and its table."""

from __future__ import annotations

from bench.learning import _card, _learner_version, learning_section
from bot.translation.languages import Reader


def test_a_learner_version_misses_one_word_in_either_language() -> None:
    assert _learner_version("Please post a photo of your cat.") == "Please a photo of your cat."
    chinese = "美国人真的要打两份工才能生活吗？"
    shorter = _learner_version(chinese)
    assert len(shorter) < len(chinese) and shorter != chinese


def test_the_measured_card_is_a_real_correction_card() -> None:
    card = _card("I have seen a panda twice.", Reader.EN)
    assert "**have**" in card and "A word is missing." in card


def test_the_section_lists_every_measurement() -> None:
    timing = {"p50_ms": 1.04, "p95_ms": 2.0}
    run = dict.fromkeys(
        ("pinyin", "pinyin_long", "card_zh", "card_en", "card_long", "chart"), timing
    ) | {
        "first_pinyin_ms": 1771.6,
        "first_pinyin_rss_mib": 121.5,
        "first_chart_ms": 429.2,
        "chart_bytes": 36424,
        "peak_rss_mib": 201.5,
    }
    lines = learning_section(run)
    assert lines[0] == "## Learning together: cost per use"
    assert "| Pinyin view, a chat line | 1.0 | 2.0 |" in lines
    assert sum(line.startswith("| correction card") for line in lines) == 3
    assert any(
        "1772 ms" in line and "+122 MiB" in line and "36,424 bytes" in line for line in lines
    )
