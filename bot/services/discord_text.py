"""Packing text into Discord messages: whole blocks (a digest's highlights) or lines."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

# Discord's limit on a message's content.
MESSAGE_LIMIT = 2000
SEPARATOR = "\n\n"


def discord_length(text: str) -> int:
    """Length as counted in UTF-16 units: never less than Python's, so a limit holds either way."""
    return len(text.encode("utf-16-le")) // 2


def _shorten(line: str, limit: int) -> str:
    if discord_length(line) <= limit:
        return line
    while discord_length(line) > limit - 1:
        line = line[: len(line) - max(1, (discord_length(line) - limit + 1) // 2)]
    return line + "…"


def split_messages(blocks: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Blocks packed greedily into messages of at most ``limit`` characters.

    A block goes whole into a message when it fits in one; a longer block is split between its
    lines, and a single line longer than a message is shortened with "…".
    """
    messages: list[str] = []
    current = ""
    for piece in _pieces(blocks, limit):
        if not current:
            current = piece
        elif discord_length(current + SEPARATOR + piece) <= limit:
            current += SEPARATOR + piece
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def _pieces(blocks: Iterable[str], limit: int) -> Iterator[str]:
    for raw in blocks:
        block = raw.strip("\n")
        if not block:
            continue
        if discord_length(block) <= limit:
            yield block
            continue
        yield from _lines_packed(block.split("\n"), limit)


def pack_lines(lines: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into as few messages as fit; a line longer than a message is shortened."""
    return list(_lines_packed(lines, limit))


def _lines_packed(lines: Iterable[str], limit: int) -> Iterator[str]:
    current = ""
    for raw in lines:
        line = _shorten(raw, limit)
        if current and discord_length(current + "\n" + line) <= limit:
            current += "\n" + line
            continue
        if current:
            yield current
        current = line
    if current:
        yield current
