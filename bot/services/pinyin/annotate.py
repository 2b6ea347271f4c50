"""Chinese text → words with tone-marked pinyin, everything else passed through as written.

Words come from jieba's segmentation and each word's reading from pypinyin's phrase
dictionary, so heteronyms follow the word they are in: 银行 yínháng but 行走 xíngzǒu,
重要 zhòngyào but 重新 chóngxīn, 长大 zhǎngdà but 长度 chángdù. jieba was chosen over
pypinyin's own forward-maximum-matching segmentation because that one reads "在行走" as
在行 + 走 ("zài háng zǒu") and splits 工作 into 工 + 作; on a set of 57 heteronym sentences
(tests/unit/test_pinyin_annotate.py keeps the telling ones) jieba's words were right where
the two differ three times out of four.

Traditional text is looked up in its Simplified form (OpenCC ``t2s``; pypinyin's phrases and
jieba's dictionary are Simplified) but shown in the member's own characters.

Mentions, custom and Unicode emoji, links, timestamps and code are found by the translation
pipeline's span protection and never touched; Latin words, numbers and punctuation are not
Chinese and pass through too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.services.chinese_words import chinese_words, is_dictionary_word
from bot.translation.languages import HAN_RANGES
from bot.translation.protection import is_placeholder, protect, split_on_placeholders
from bot.translation.scripts import to_simplified
from db.enums import Side

# Han characters, as the language detector counts them (BMP, extension A, compatibility, B+).
_HAN_RUN = re.compile(f"[{HAN_RANGES}]+")

# Numbers are protected from the model (signs and long digit runs), but they are plain text
# to a reader: they belong in the pinyin line too.
_NUMBER = re.compile(r"[-+\u2212]?\d+(?:\.\d+)?")


class Kind(Enum):
    HANZI = "hanzi"  # a Chinese word, with its pinyin
    PROTECTED = "protected"  # a mention, emoji, link, timestamp or code: shown once, as written
    OTHER = "other"  # Latin words, numbers, punctuation, spaces, markup, line breaks


@dataclass(frozen=True)
class Word:
    """A piece of the text as the member wrote it; ``pinyin`` for Chinese words only."""

    text: str
    kind: Kind
    pinyin: str = ""


def _lookup_form(run: str) -> str:
    """The Simplified form of a Han run, one character for each of the original's.

    OpenCC converts by phrase; should a phrase ever change length, convert character by
    character so the words still map back onto the member's own characters.
    """
    simplified = to_simplified(run)
    if len(simplified) == len(run):
        return simplified
    singles = (to_simplified(ch) for ch in run)
    return "".join(s if len(s) == 1 else ch for s, ch in zip(singles, run, strict=True))


def _syllables(word: str) -> list[str]:
    # Imported on first use: pypinyin loads its dictionaries at import (about 60 MB and a
    # third of a second), which a bot whose members never ask for pinyin need not carry.
    from pypinyin import Style, lazy_pinyin

    # A character pypinyin does not know is kept as written (errors="default").
    return [str(syllable) for syllable in lazy_pinyin(word, style=Style.TONE)]


def _parts(word: str) -> list[str]:
    """A long jieba word made of two dictionary words (生日快乐, 银行行长) as those two,
    the way Hanyu Pinyin writes them (shēngrì kuàilè); anything else whole."""
    if len(word) >= 4:
        for cut in range(2, len(word) - 1):
            if is_dictionary_word(word[:cut]) and is_dictionary_word(word[cut:]):
                return [word[:cut], word[cut:]]
    return [word]


def _han_words(run: str) -> list[Word]:
    lookup = _lookup_form(run)
    words: list[Word] = []
    position = 0
    for piece in chinese_words(lookup):
        # Read the whole word, then share its syllables out: the word decides heteronyms.
        syllables = _syllables(piece)
        parts = _parts(piece) if len(syllables) == len(piece) else [piece]
        for part in parts:
            shown = run[position : position + len(part)]
            if len(parts) > 1:
                reading = "".join(syllables[: len(part)])
                syllables = syllables[len(part) :]
            else:
                reading = "".join(syllables)
            words.append(Word(shown, Kind.HANZI, reading))
            position += len(part)
    return words


def _plain_words(text: str) -> list[Word]:
    words: list[Word] = []
    last = 0
    for match in _HAN_RUN.finditer(text):
        if match.start() > last:
            words.append(Word(text[last : match.start()], Kind.OTHER))
        words.extend(_han_words(match.group(0)))
        last = match.end()
    if last < len(text):
        words.append(Word(text[last:], Kind.OTHER))
    return words


def has_chinese(text: str) -> bool:
    """True when ``text`` has a Han character outside mentions, links, emoji and code."""
    protected = protect(text, Side.ZH)
    pieces = split_on_placeholders(protected.masked, protected.marker)
    return any(
        _HAN_RUN.search(piece) for piece in pieces if not is_placeholder(piece, protected.marker)
    )


def annotate(text: str) -> list[Word]:
    """``text`` as words in order; joining their ``text`` gives ``text`` back exactly.

    Blocking (jieba's first use loads its dictionary): call it off the event loop.
    """
    protected = protect(text, Side.ZH)
    words: list[Word] = []
    for piece in split_on_placeholders(protected.masked, protected.marker):
        if is_placeholder(piece, protected.marker):
            index = int(piece[len(protected.marker) :].strip())
            span = protected.restorations[index]
            kind = Kind.OTHER if _NUMBER.fullmatch(span) else Kind.PROTECTED
            words.append(Word(span, kind))
        elif piece:
            words.extend(_plain_words(piece))
    return words
