"""Code-switching: words already in the reader's language stay as written, decided per span.

Chat mixes languages inside one message ("awesome 是什么意思？", "我喜欢这首歌 I love this song
真好听"). Translating the whole message lets the model drop or rewrite the foreign part, so
each run of the *target* script is treated on its own:

- A short run (at most ``INLINE_MAX_WORDS`` Latin words, or ``INLINE_MAX_CJK`` Chinese
  characters) is a word the sentence talks about or uses: it becomes a placeholder, so the
  sentence around it is translated in one piece and the word comes back verbatim in its
  place ("What does awesome mean?").
- A longer run is a phrase or sentence of its own: the sentence is cut around it, the source
  pieces are translated separately and the run is kept as written, in order.

Runs of the *source* script are always translated. For zh→en the target script is Latin;
for en→zh it is CJK.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.translation.protection import Layer, Span
from db.enums import Side

INLINE_MAX_WORDS = 3
INLINE_MAX_CJK = 4

_LATIN_WORD = r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’\-]*"
_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?:[ \t]+{_LATIN_WORD})*")
_CJK_CHAR = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_CJK_RUN = re.compile(rf"{_CJK_CHAR}+")
# Long runs, found in masked text (placeholders count as words), with their end punctuation.
_LONG_LATIN = re.compile(
    rf"{_LATIN_WORD}(?:[ \t]*[,;:]?[ \t]+{_LATIN_WORD}){{{INLINE_MAX_WORDS},}}[.!?]*"
)
_LONG_CJK = re.compile(rf"(?:{_CJK_CHAR}[，、：；]?){{{INLINE_MAX_CJK + 1},}}[。！？…]*")


def _latin_inline(text: str) -> Iterator[Span]:
    for m in _LATIN_RUN.finditer(text):
        if len(m.group(0).split()) <= INLINE_MAX_WORDS:
            yield m.start(), m.end(), None


def _cjk_inline(text: str) -> Iterator[Span]:
    for m in _CJK_RUN.finditer(text):
        if len(m.group(0)) <= INLINE_MAX_CJK:
            yield m.start(), m.end(), None


def inline_layer(source: Side) -> Layer:
    """The protection layer keeping short target-script runs verbatim for ``source`` text."""
    return _latin_inline if source is Side.ZH else _cjk_inline


@dataclass(frozen=True)
class Piece:
    """Part of a sentence: translated, or kept exactly as written."""

    text: str
    translate: bool


def split_kept_runs(sentence: str, source: Side) -> list[Piece]:
    """Cut ``sentence`` around long runs already in the target language."""
    pattern = _LONG_LATIN if source is Side.ZH else _LONG_CJK
    pieces: list[Piece] = []
    last = 0
    for m in pattern.finditer(sentence):
        pieces.append(Piece(sentence[last : m.start()], translate=True))
        pieces.append(Piece(m.group(0), translate=False))
        last = m.end()
    pieces.append(Piece(sentence[last:], translate=True))
    return [Piece(p.text.strip(), p.translate) for p in pieces if p.text.strip()]
