"""Chinese words: jieba's segmentation, shared by correction diffs and pinyin.

jieba's dictionary takes about a second to load, so it is loaded once per process, on first use,
under a lock (the pinyin view and a correction may ask for it from two threads at once).
"""

from __future__ import annotations

import logging
import threading
from functools import cache

import jieba

_loading = threading.Lock()


@cache
def _tokenizer() -> jieba.Tokenizer:
    with _loading:
        jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on stderr
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        return tokenizer


def chinese_words(run: str) -> list[str]:
    """A run of Han characters as jieba's words (precise mode, HMM for unknown words)."""
    return [str(word) for word in _tokenizer().cut(run, HMM=True)]


def is_dictionary_word(word: str) -> bool:
    """Whether jieba's dictionary knows ``word`` (with a frequency above zero)."""
    return bool(_tokenizer().FREQ.get(word))
