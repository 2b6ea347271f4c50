"""Simplified ↔ Traditional conversion with OpenCC (never by machine translation)."""

from __future__ import annotations

import threading
from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


_lock = threading.Lock()


def convert(text: str, config: str) -> str:
    """Convert with an OpenCC config such as ``s2twp`` (to Taiwan usage) or ``t2s``."""
    with _lock:  # OpenCC converters are not documented as thread-safe
        return str(_converter(config).convert(text))


def to_simplified(text: str) -> str:
    return convert(text, "t2s")
