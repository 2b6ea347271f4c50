"""The "Post-edits (chrF)" bench section: its seeded sets and how a missing model reads."""

from __future__ import annotations

from bench.post_edits import DIRECTIONS, load_pairs, post_edits_section


def test_each_direction_has_forty_pairs_of_real_text() -> None:
    for direction in DIRECTIONS:
        pairs = load_pairs(direction)
        assert len(pairs) == 40
        assert all(source.strip() and human.strip() for source, human in pairs)
        assert len({source for source, _ in pairs}) == 40


def test_a_direction_without_a_model_says_so() -> None:
    run = {
        "zh_en": {
            "pairs": 40,
            "installed": True,
            "model": "m",
            "chrf": 57.04,
            "unchanged": 2,
            "worst": [{"source": "喝茶", "machine": "tea|x", "human": "drink tea", "chrf": 15.2}],
        },
        "en_zh": {"pairs": 40, "installed": False},
    }
    lines = post_edits_section(run)
    assert lines[0] == "## Post-edits (chrF)"
    assert "| zh→en | 40 | `m` | **57.0** | 2/40 |" in lines
    assert "| en→zh | 40 | model not installed | — | — |" in lines
    assert "| 15.2 | 喝茶 | tea\\|x | drink tea |" in lines
