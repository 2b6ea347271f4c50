"""Words a correction is compared by: English by words and punctuation, Chinese by jieba.

Mixed text keeps Latin words whole and segments each CJK run with jieba. Discord tokens
(mentions, custom emoji, links, ``@everyone``) are single tokens that the card shows as they
are (with no pings allowed) instead of escaping them into noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.services.chinese_words import chinese_words
from bot.translation.languages import HAN_RANGES

# Discord's own tokens first, then links, CJK runs, words, whitespace, any other character.
_TOKEN = re.compile(
    r"(?P<discord><a?:\w{2,32}:\d+>|<@[!&]?\d+>|<#\d+>|<t:-?\d+(?::[tTdDfFR])?>)"
    r"|(?P<link>https?://[^\s<>|*~`]+)"
    r"|(?P<mass>@(?:everyone|here))"
    rf"|(?P<cjk>[{HAN_RANGES}]+)"
    # Word characters other than CJK (Python's \w includes them): Latin words stay whole.
    rf"|(?P<word>[^\W{HAN_RANGES}]+"
    r"(?:['’][^\W\u3400-\u9fff]+)*)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    text: str
    # Shown as it is (a mention, an emoji, a link): escaping would break it.
    verbatim: bool = False

    @property
    def is_space(self) -> bool:
        return self.text.isspace()


def tokenize(text: str) -> list[Token]:
    """``text`` as the tokens a correction is compared by; joined, they give ``text`` back."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "cjk":
            tokens.extend(Token(word) for word in chinese_words(value))
        elif kind in ("discord", "link"):
            tokens.append(Token(value, verbatim=True))
        else:
            tokens.append(Token(value))
    return tokens
