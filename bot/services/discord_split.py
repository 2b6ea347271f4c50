"""A text too long for one Discord message, as ordered parts that each fit.

Parts end at the best boundary that fits: a paragraph, a line, a sentence, a space, and only
when there is none, any character. A markdown span (code block, inline code, spoiler, bold,
underline, strikethrough, italics, a quoted or subtext line) is never cut when it can go whole
into a part; one longer than a part is closed at the cut and reopened in the next part, so
every part renders on its own. Links, mentions and custom emoji are never cut.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate

from bot.services.discord_text import MESSAGE_LIMIT, discord_length

_CODE_BLOCK = re.compile(r"```(?:([\w+#.-]{0,20})\n)?.*?```", re.DOTALL)
_INLINE_CODE = re.compile(r"(`{1,2})(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_ATOMIC = re.compile(
    r"<(?:[@#:/]|a:|t:)[^<>\s]{1,200}>"  # mentions, channels, custom emoji, timestamps
    r"|<?https?://[^\s<>]+>?"  # links, embedded or not
    r"|\[[^\[\]\n]+\]\([^()\s]+\)"  # masked links
)
_PAIRED = re.compile(
    r"\|\|.+?\|\||\*\*.+?\*\*|__.+?__|~~.+?~~|(?<![*\\])\*(?=[^*\s])[^*\n]+?(?<=[^*\s])\*(?!\*)",
    re.DOTALL,
)
_LINE_PREFIX = re.compile(r"^(?:>>> |> |#{1,3} |-# )", re.MULTILINE)
_SENTENCE_END = set("。！？…；.!?;")
_CLOSING = set("”’\"'）)」』】]")
_CJK_SENTENCE_END = set("。！？…；")
SEPARATOR = "\n\n"  # between blocks packed into one message
# Classes of boundary, best first.
PARAGRAPH, LINE, SENTENCE, SPACE, ANYWHERE = range(5)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    inner_start: int  # a cut must fall strictly between inner_start and inner_end
    inner_end: int
    opener: str  # written again at the start of the next part when cut
    closer: str  # written at the end of a part cut inside the span
    kind: str  # "code", "atomic", "line" or "inline"


@dataclass(frozen=True)
class Part:
    """One message: ``text`` is a slice of the original; the markup around it reopens and
    closes the spans it was cut inside."""

    reopened: str
    text: str
    closed: str

    @property
    def content(self) -> str:
        return self.reopened + self.text + self.closed


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` as messages of at most ``limit`` UTF-16 units, in order (see the module).

    A part of nothing but whitespace is left out: Discord refuses an empty message.
    """
    return [part.content for part in split_parts(text, limit) if part.content.strip()]


def split_parts(text: str, limit: int = MESSAGE_LIMIT) -> list[Part]:
    """``text`` as parts whose ``text`` slices join back to it exactly."""
    splitter = _Splitter(text, limit)
    parts: list[Part] = []
    start, reopened = 0, ""
    while start < len(text):
        budget = limit - discord_length(reopened)
        if splitter.units_between(start, len(text)) <= budget:
            parts.append(Part(reopened, text[start:], ""))
            break
        cut, closed, next_reopened = splitter.best_cut(start, budget)
        parts.append(Part(reopened, text[start:cut], closed))
        start, reopened = cut, next_reopened
    return parts


def split_messages(blocks: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Blocks packed greedily into messages of at most ``limit`` UTF-16 units.

    A block goes whole into a message when it fits in one; a longer block is split between its
    lines, and a single line longer than a message is split like any long text.
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


def pack_lines(lines: Iterable[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Lines joined into as few messages as fit; a line longer than a message is split."""
    return list(_lines_packed(lines, limit))


def _pieces(blocks: Iterable[str], limit: int) -> Iterator[str]:
    for raw in blocks:
        block = raw.strip("\n")
        if not block:
            continue
        if discord_length(block) <= limit:
            yield block
            continue
        yield from _lines_packed(block.split("\n"), limit)


def _lines_packed(lines: Iterable[str], limit: int) -> Iterator[str]:
    current = ""
    for raw in lines:
        for line in split_message(raw, limit) or [""]:
            if current and discord_length(current + "\n" + line) <= limit:
                current += "\n" + line
                continue
            if current:
                yield current
            current = line
    if current:
        yield current


def _spans(text: str) -> list[_Span]:
    found: list[_Span] = []
    for match in _CODE_BLOCK.finditer(text):
        lang = match.group(1)
        opener = f"```{lang}\n" if lang is not None else "```"
        found.append(
            _Span(
                match.start(),
                match.end(),
                match.start() + len(opener),
                match.end() - 3,
                opener,
                "```",
                "code",
            )
        )
    for match in _INLINE_CODE.finditer(text):
        ticks = match.group(1)
        found.append(_paired(match, ticks, "inline"))
    found.extend(
        _Span(m.start(), m.end(), m.end(), m.start(), "", "", "atomic")
        for m in _ATOMIC.finditer(text)
    )
    for match in _PAIRED.finditer(text):
        marker = match.group(0)[:2] if match.group(0)[:2] in {"||", "**", "__", "~~"} else "*"
        found.append(_paired(match, marker, "inline"))
    for match in _LINE_PREFIX.finditer(text):
        prefix = match.group(0)
        line_end = len(text) if prefix == ">>> " else text.find("\n", match.start())
        end = len(text) if line_end < 0 else line_end
        found.append(_Span(match.start(), end, match.end(), end, prefix, "", "line"))
    accepted: list[_Span] = []
    for span in found:  # earlier kinds win; a span must nest properly with those kept
        if all(_nests(span, kept) for kept in accepted):
            accepted.append(span)
    return sorted(accepted, key=lambda s: (s.start, -s.end))


def _paired(match: re.Match[str], marker: str, kind: str) -> _Span:
    inner_start, inner_end = match.start() + len(marker), match.end() - len(marker)
    return _Span(match.start(), match.end(), inner_start, inner_end, marker, marker, kind)


def _nests(span: _Span, kept: _Span) -> bool:
    if span.end <= kept.start or kept.end <= span.start:
        return True
    if kept.kind in {"code", "atomic"} or (kept.kind == "inline" and kept.opener.startswith("`")):
        return False  # nothing is markup inside code or a link
    inside = kept.inner_start <= span.start and span.end <= kept.inner_end
    return inside or (span.start <= kept.start and kept.end <= span.end)


class _Splitter:
    def __init__(self, text: str, limit: int) -> None:
        self._text = text
        self._limit = limit
        self._units = [0, *accumulate(discord_length(ch) for ch in text)]
        self._spans = _spans(text)
        # Per position: the spans a cut there is inside (outer first), or None if forbidden.
        self._inside: list[tuple[int, ...] | None] = [() for _ in range(len(text) + 1)]
        for index, span in enumerate(self._spans):
            for cut in range(span.start + 1, span.end):
                allowed = span.inner_start < cut < span.inner_end or (
                    span.kind == "line" and cut == span.inner_end
                )
                current = self._inside[cut]
                self._inside[cut] = None if not allowed or current is None else (*current, index)

    def units_between(self, start: int, end: int) -> int:
        return self._units[end] - self._units[start]

    def best_cut(self, start: int, budget: int) -> tuple[int, str, str]:
        """(where to cut, what closes the part, what reopens the next one)."""
        candidates: list[tuple[int, int, int, int]] = []  # (depth, class, -length, cut)
        fallback = start + 1
        for cut in range(start + 1, len(self._text)):
            length = self.units_between(start, cut)
            if length > budget:
                break
            if _joins(self._text, cut):
                continue
            fallback = cut
            inside = self._inside[cut]
            if inside is None:
                continue
            closed = "".join(self._spans[i].closer for i in reversed(inside))
            reopened = "".join(self._spans[i].opener for i in inside)
            if length + discord_length(closed) > budget:
                continue
            if discord_length(reopened) > self._limit // 2:
                continue
            # Cutting a span that could go whole into a part is what to avoid; one longer
            # than a part is cut anyway, so a cut inside it costs nothing more.
            depth = sum(1 for i in inside if self._fits_whole(self._spans[i]))
            candidates.append((depth, self._boundary(cut, inside), length, cut))
        if not candidates:
            return fallback, "", ""  # nothing fits but a bare cut (a link longer than a part)
        depth = min(c[0] for c in candidates)
        shallow = [c for c in candidates if c[0] == depth]
        full_enough = [c for c in shallow if c[2] >= budget // 2] or shallow
        _, _, _, cut = min(full_enough, key=lambda c: (c[1], -c[3]))
        inside = self._inside[cut] or ()
        closed = "".join(self._spans[i].closer for i in reversed(inside))
        return cut, closed, "".join(self._spans[i].opener for i in inside)

    def _fits_whole(self, span: _Span) -> bool:
        return self.units_between(span.start, span.end) <= self._limit

    def _boundary(self, cut: int, inside: tuple[int, ...]) -> int:
        text = self._text
        if inside and self._spans[inside[-1]].kind == "code":
            return LINE if text[cut - 1] == "\n" else ANYWHERE
        if text[cut].isspace():
            return ANYWHERE  # cut after the whole run of spaces, so the next part starts clean
        run_start = cut
        while run_start > 0 and text[run_start - 1].isspace():
            run_start -= 1
        newlines = text.count("\n", run_start, cut)
        if newlines:
            return PARAGRAPH if newlines > 1 else LINE
        end = run_start
        while end > 0 and text[end - 1] in _CLOSING:
            end -= 1
        ends_sentence = end > 0 and text[end - 1] in _SENTENCE_END
        # "3.14" is no sentence end: ASCII punctuation needs a space after it, CJK does not.
        if ends_sentence and (run_start < cut or text[end - 1] in _CJK_SENTENCE_END):
            return SENTENCE
        return SPACE if run_start < cut else ANYWHERE


def _joins(text: str, cut: int) -> bool:
    """True where a cut would split one visible character (combining marks, emoji joins)."""
    after, before = text[cut], text[cut - 1]
    return (
        unicodedata.combining(after) != 0
        or after in "\u200d\ufe0e\ufe0f"
        or before == "\u200d"
        or "\U0001f3fb" <= after <= "\U0001f3ff"
    )
