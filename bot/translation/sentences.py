"""An offline sentence splitter for English and Chinese chat text.

argostranslate's splitters (stanza, MiniSBD, spaCy) download models on first use; chat text
needs far less: line breaks, sentence-final punctuation, and a guard against long runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK_ENDERS = frozenset("。！？；…")
_LATIN_ENDERS = frozenset(".!?;")
_CLOSERS = frozenset("\"')]”’」』）】")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "no",
        "fig",
        "approx",
    ]
)
# The model truncates very long inputs; chat rarely needs more than this per sentence.
MAX_SENTENCE_CHARS = 300
_SOFT_BREAK = re.compile(r"(?<=[,，、:：])\s*")


@dataclass(frozen=True)
class Line:
    """One line of the message, split into sentences; blank lines keep their place."""

    sentences: tuple[str, ...]
    indent: str = ""


def _is_abbreviation(chunk: str) -> bool:
    words = chunk.split()
    if not words:
        return False
    word = words[-1].lower().rstrip(".").lstrip("(\"'")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _is_boundary(line: str, start: int, end: int) -> bool:
    """Does the run of enders line[start:end] (closers included) end a sentence?"""
    run = line[start:end]
    following = line[end : end + 1]
    if any(ch in _CJK_ENDERS for ch in run):
        return True
    if following and not following.isspace():
        # "3.14", "e.g.x" or "?!" mid-word: only a CJK character right after counts.
        return "\u4e00" <= following <= "\u9fff"
    return not (run.rstrip("".join(_CLOSERS)) == "." and _is_abbreviation(line[:start]))


def _split_line(line: str) -> list[str]:
    pieces: list[str] = []
    begin = index = 0
    while index < len(line):
        if line[index] in _CJK_ENDERS or line[index] in _LATIN_ENDERS:
            run_end = index
            while run_end < len(line) and (
                line[run_end] in _CJK_ENDERS
                or line[run_end] in _LATIN_ENDERS
                or line[run_end] in _CLOSERS
            ):
                run_end += 1
            if _is_boundary(line, index, run_end):
                pieces.append(line[begin:run_end].strip())
                begin = run_end
            index = run_end
        else:
            index += 1
    pieces.append(line[begin:].strip())
    return [part for piece in pieces if piece for part in _limit_length(piece)]


def _limit_length(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [sentence]
    parts: list[str] = []
    current = ""
    for clause in _SOFT_BREAK.split(sentence):
        if current and len(current) + len(clause) > MAX_SENTENCE_CHARS:
            parts.append(current.strip())
            current = ""
        current += clause if not current else (" " + clause if clause[:1].isascii() else clause)
    if current.strip():
        parts.append(current.strip())
    # A clause with no break at all is cut hard at a space (or anywhere, for CJK).
    final: list[str] = []
    for part in parts:
        rest = part
        while len(rest) > MAX_SENTENCE_CHARS:
            cut = rest.rfind(" ", 0, MAX_SENTENCE_CHARS)
            cut = cut if cut > MAX_SENTENCE_CHARS // 2 else MAX_SENTENCE_CHARS
            final.append(rest[:cut].strip())
            rest = rest[cut:].strip()
        if rest:
            final.append(rest)
    return final


def split_sentences(text: str) -> list[Line]:
    """Split ``text`` into lines of sentences, keeping line structure for reassembly."""
    lines: list[Line] = []
    for raw in text.split("\n"):
        indent = raw[: len(raw) - len(raw.lstrip())]
        lines.append(Line(sentences=tuple(_split_line(raw)), indent=indent))
    return lines


def join_sentences(lines: list[list[str]], indents: list[str], *, cjk_target: bool) -> str:
    """Reassemble translated sentences: spaces between English ones, none between Chinese."""
    glue = "" if cjk_target else " "
    return "\n".join(
        indent + glue.join(s for s in line if s)
        for line, indent in zip(lines, indents, strict=True)
    )
