"""Collapse degenerate repetition before translation, so a message's work stays bounded.

"哈" × 2,000 used to reach the model as seven 300-character sentences that each decoded
to the length limit (42 s, 10,752 characters of "Ha-ha-ha…"). A run of one short unit
repeated is worth no more to the reader than a few repetitions of it, so a long run keeps
``KEPT_REPEATS`` copies: "哈哈哈", "!!!", "lol lol lol ". Short runs ("哈哈哈哈", "!!!!!")
are left alone, so ordinary messages translate exactly as before.
"""

from __future__ import annotations

import re

KEPT_REPEATS = 3
# A run shorter than this is ordinary chat emphasis and left as written.
LONG_RUN_CHARS = 16
_MAX_UNIT_CHARS = 8
# The smallest unit first (lazy), then as many further copies as follow.
_RUN = re.compile(rf"(.{{1,{_MAX_UNIT_CHARS}}}?)\1{{{KEPT_REPEATS},}}", re.DOTALL)


def _collapsible(unit: str) -> bool:
    # Whitespace and line breaks carry layout; digits belong to numbers and placeholders.
    return not unit.isspace() and "\n" not in unit and not unit.isdigit()


def _shorten(match: re.Match[str]) -> str:
    run, unit = match.group(0), match.group(1)
    if len(run) < LONG_RUN_CHARS or not _collapsible(unit):
        return run
    return unit * KEPT_REPEATS


def collapse_repetition(text: str) -> str:
    """``text`` with every long run of a repeated unit cut to ``KEPT_REPEATS`` copies."""
    return _RUN.sub(_shorten, text)
