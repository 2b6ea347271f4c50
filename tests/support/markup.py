"""What Discord would render as markup in a piece of text: a checker for escaped member text.

An approximation of Discord's parser for the constructs that matter when a member's text is
set inside the bot's own message: links, masked links, mentions, headings and other
line-start blocks, spoilers, code and emphasis. An escaped character (``\\x`` for any
punctuation ``x``) is literal, as in Discord.
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\[^0-9A-Za-z\s]")
_CONSTRUCTS = {
    "masked link": re.compile(r"\[[^\]]*\]\([^)]*\)"),
    "link": re.compile(r"(?i)[a-z][a-z0-9+.-]*://"),
    "mention": re.compile(r"<(@[!&]?|#|/|t:)[^>]*>"),
    "mass mention": re.compile(r"(?i)@(everyone|here)"),
    "line block": re.compile(r"(?m)^\s*(#{1,3} |-# |>|[-*+] |\d+[.)] )"),
    "spoiler": re.compile(r"\|\|"),
    "code": re.compile(r"`"),
    "emphasis": re.compile(r"\*|__|~~"),
}


def live_markup(text: str) -> list[str]:
    """The kinds of markup Discord would render in ``text`` (empty: shown literally)."""
    plain = _ESCAPED.sub("\x00", text)
    return [name for name, pattern in _CONSTRUCTS.items() if pattern.search(plain)]
