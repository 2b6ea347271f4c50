"""Re-running some benchmark sections replaces exactly those in BENCHMARKS.md."""

from __future__ import annotations

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
