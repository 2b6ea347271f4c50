"""Clean invisible and decorative characters out of text before it reaches the model.

Zero-width spaces, bidi overrides and floods of combining marks ("Zalgo") carry no meaning
for translation but make the model hallucinate or emit ``<unk>``. What matters is kept: line
breaks and tabs, ordinary diacritics (up to two marks on a letter), and the zero-width joiner
inside emoji sequences (👨‍👩‍👧 is one picture, not three).
"""

from __future__ import annotations

import re
import unicodedata

_ZWJ = "\u200d"
# Zero-width characters, soft hyphen, word joiner, BOM and the Mongolian vowel separator.
_INVISIBLE = frozenset("\u200b\u200c\u00ad\u2060\ufeff\u180e")
# Bidi marks, embeddings, overrides and isolates.
_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# More marks than this on one character is decoration, not a diacritic.
_MAX_MARKS = 2
_EMOJI = re.compile(r"[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\ufe0f]")


def _is_emoji(ch: str) -> bool:
    return bool(ch) and _EMOJI.match(ch) is not None


def _drop_mark_floods(text: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        end = index + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        cluster = text[index:end]
        marks = sum(1 for ch in cluster if unicodedata.combining(ch))
        # A flood loses all its marks (also one with no letter under it, at the start).
        base = "" if unicodedata.combining(cluster[0]) else cluster[0]
        out.append(cluster if marks <= _MAX_MARKS else base)
        index = end
    return "".join(out)


def normalize_for_translation(text: str) -> str:
    """``text`` without invisible controls, bidi overrides or combining-mark floods."""
    kept: list[str] = []
    for index, ch in enumerate(text):
        if ch in _INVISIBLE or ch in _BIDI:
            continue
        if ch == _ZWJ:
            following = text[index + 1 : index + 2]
            if kept and _is_emoji(kept[-1]) and _is_emoji(following):
                kept.append(ch)
            continue
        if unicodedata.category(ch) == "Cc" and ch not in "\n\t":
            continue
        kept.append(ch)
    # Composed first so "é" written as e + U+0301 counts as no marks at all.
    return _drop_mark_floods(unicodedata.normalize("NFC", "".join(kept)))
