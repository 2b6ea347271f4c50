"""Re-running some benchmark sections replaces exactly those in BENCHMARKS.md."""

from __future__ import annotations

from bench.chat_quality import quality_section
from bench.run import splice_sections

DOCUMENT = "\n".join(
    [
        "# Benchmarks",
        "",
        "Machine: full run",
        "",
        "## Translation",
        "",
        "old translation table",
        "",
        "## Relay",
        "",
        "relay table",
    ]
)


def test_a_rerun_section_replaces_its_namesake_and_keeps_the_others() -> None:
    spliced = splice_sections(DOCUMENT, [["## Translation", "", "new translation table", ""]])
    assert spliced.split("\n") == [
        "# Benchmarks",
        "",
        "Machine: full run",
        "",
        "## Translation",
        "",
        "new translation table",
        "",
        "## Relay",
        "",
        "relay table",
        "",
    ]


def test_a_new_section_is_appended_after_a_blank_line() -> None:
    spliced = splice_sections(DOCUMENT, [["## Quality", "", "chrF table", ""]])
    assert spliced.endswith("relay table\n\n## Quality\n\nchrF table\n")
    assert spliced.count("## ") == 3


def test_the_quality_section_tabulates_both_systems_and_lists_lines_yiqi_loses() -> None:
    row = {
        "category": "markdown",
        "zh": "```\nprint(1)\n```\n为什么？",
        "reference": "```\nprint(1)\n```\nWhy?",
        "raw": "Why?",
        "yiqi": "Print why?",
        "raw_chrf": 40.0,
        "yiqi_chrf": 20.0,
    }
    section = quality_section(
        {
            "lines": 1,
            "model": "translate-zh_en-1.9",
            "beam": 2,
            "counts": {"markdown": 1},
            "raw": {"overall": 40.04, "markdown": 40.04},
            "yiqi": {"overall": 20.0, "markdown": 20.0},
            "scored": [row],
        }
    )
    assert "| 1 | **overall** | 40.0 | 20.0 | -20.0 |" in section
    assert "| 1 | markdown | 40.0 | 20.0 | -20.0 |" in section
    assert "<details><summary>The 1 lines where Yiqi scores below the raw model</summary>" in (
        section
    )
    # The set's code blocks stay inside the listing: it is fenced with four backticks.
    assert section.count("````") == 4
    assert '[markdown] "```\\nprint(1)\\n```\\n为什么？"' in section
