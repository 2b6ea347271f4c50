"""How a pinyin view reads in Discord: each line of Chinese, its words spaced, pinyin beneath.

    我 在 银行 工作，你 呢？
    wǒ zài yínháng gōngzuò, nǐ ne?

The k-th pinyin word belongs to the k-th Chinese word, so a learner can find each word's
reading without a table (Discord has no ruby text, and a monospace block would show mentions
and emoji as raw ids). The Chinese line keeps everything the member wrote: mentions, emoji,
links and code render as in the message. The pinyin line carries the readings, Latin words,
numbers, punctuation (full-width made half-width) and the member's own markup, so a bold word's
pinyin is bold and a spoiler's pinyin stays hidden; mentions, emoji, links and code are not
repeated. Lines without Chinese are shown once, as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from bot.services.discord_split import split_message
from bot.services.discord_text import MESSAGE_LIMIT
from bot.services.pinyin.annotate import Kind, Word

_HALF_WIDTH = str.maketrans(
    {
        "，": ", ",
        "、": ", ",
        "。": ". ",
        "！": "! ",
        "？": "? ",
        "：": ": ",
        "；": "; ",
        "（": " (",
        "）": ") ",
        "《": "“",
        "》": "” ",
        "「": "“",
        "」": "” ",
        "『": "‘",
        "』": "’ ",
        "【": " [",
        "】": "] ",
        "\uff5e": "~",  # full-width tilde
        "\u3000": " ",
    }
)
# Discord's inline markers (as bot/translation/markup.py reads them; snake_case is no italics).
_MARKER = re.compile(r"(\|\||\*\*|__|~~|\*|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +(?=[,.!?:;)\]”’])")


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """The words line by line; a line break inside a code block or link stays in its word."""
    lines: list[list[Word]] = [[]]
    for word in words:
        if word.kind is not Kind.OTHER or "\n" not in word.text:
            lines[-1].append(word)
            continue
        first, *rest = word.text.split("\n")
        if first:
            lines[-1].append(Word(first, Kind.OTHER))
        for piece in rest:
            lines.append([Word(piece, Kind.OTHER)] if piece else [])
    return lines


class _Role(Enum):
    WORD = "word"  # a Chinese word, or (pinyin line) its reading
    OPEN = "open"  # an inline marker opening bold, italics, a spoiler…
    CLOSE = "close"  # …and closing it
    TEXT = "text"  # anything else


def _units(line: list[Word], *, reading: bool) -> list[tuple[str, _Role]]:
    """The line as words, markers and text; ``reading``: the pinyin line's version."""
    units: list[tuple[str, _Role]] = []
    seen: dict[str, int] = {}
    for word in line:
        if word.kind is Kind.HANZI:
            units.append((word.pinyin if reading else word.text, _Role.WORD))
        elif word.kind is Kind.PROTECTED:
            if not reading:
                units.append((word.text, _Role.TEXT))
        else:
            for piece in _MARKER.split(word.text):
                if _MARKER.fullmatch(piece):
                    seen[piece] = seen.get(piece, 0) + 1
                    units.append((piece, _Role.OPEN if seen[piece] % 2 else _Role.CLOSE))
                elif piece:
                    units.append((piece.translate(_HALF_WIDTH) if reading else piece, _Role.TEXT))
    return units


def _wordy_start(unit: tuple[str, _Role], reading: bool) -> bool:
    text, role = unit
    # A signed number ("-5") starts a word too.
    first = text.lstrip("-+\u2212")[:1]
    return role is _Role.WORD or (reading and role is _Role.TEXT and first.isalnum())


def _wordy_end(unit: tuple[str, _Role], reading: bool) -> bool:
    text, role = unit
    return role is _Role.WORD or (reading and role is _Role.TEXT and text[-1:].isalnum())


def _spaced(units: list[tuple[str, _Role]], *, reading: bool) -> str:
    """Join the units with a space between two words that would touch, placed outside any
    markers between them ("**重要** 的", never "**重要 **的", which Discord would not bold)."""
    out: list[str] = []
    markers: list[tuple[str, _Role]] = []  # the markers since the last word or text
    previous: tuple[str, _Role] | None = None
    for unit in units:
        if unit[1] in (_Role.OPEN, _Role.CLOSE):
            markers.append(unit)
            continue
        if previous is not None and _wordy_end(previous, reading) and _wordy_start(unit, reading):
            closing = [m for m, role in markers if role is _Role.CLOSE]
            opening = [m for m, role in markers if role is _Role.OPEN]
            out.extend([*closing, " ", *opening])
        else:
            out.extend(m for m, _ in markers)
        out.append(unit[0])
        markers.clear()
        previous = unit
    out.extend(m for m, _ in markers)
    return "".join(out)


def _chinese_line(line: list[Word]) -> str:
    """The line as written, a space between two Chinese words that touch."""
    return _spaced(_units(line, reading=False), reading=False).rstrip()


def _pinyin_line(line: list[Word]) -> str:
    text = _spaced(_units(line, reading=True), reading=True)
    text = _SPACE_BEFORE_PUNCTUATION.sub("", _SPACES.sub(" ", text))
    return text.strip()


def render_pinyin(words: Sequence[Word]) -> str:
    """The view as one text: a block per line of the message, blank lines between blocks."""
    blocks: list[str] = []
    for line in _lines(words):
        if not "".join(word.text for word in line).strip():
            continue
        if any(word.kind is Kind.HANZI for word in line):
            blocks.append(f"{_chinese_line(line)}\n{_pinyin_line(line)}")
        else:
            blocks.append("".join(word.text for word in line).rstrip())
    return "\n\n".join(blocks)


def pinyin_messages(words: Sequence[Word], limit: int = MESSAGE_LIMIT) -> list[str]:
    """The view as Discord messages of at most ``limit`` characters, cut between blocks
    where it can be."""
    return [part.strip("\n") for part in split_message(render_pinyin(words), limit)]
