"""Flag translations a reader should not trust: empty, untranslated, or looping."""

from __future__ import annotations

import re
import unicodedata

from bot.translation.languages import count_scripts
from db.enums import Side

# A chunk of 1–30 characters repeated 4+ times in a row ("阴性阴性阴性阴性", "the the the the").
_LOOP = re.compile(r"(.{1,30}?)(?:\s*\1){3,}", re.DOTALL)
# Output far longer than the source is how runaway decoding shows on short inputs.
_MAX_LENGTH_RATIO = 6.0


def _normalized(text: str) -> str:
    return "".join(
        ch.casefold()
        for ch in unicodedata.normalize("NFKC", text)
        if unicodedata.category(ch)[0] in {"L", "N"}
    )


def _loops(text: str) -> bool:
    return any(len(m.group(0)) >= 8 for m in _LOOP.finditer(text))


def is_low_confidence(source_text: str, output: str, target: Side) -> bool:
    """True when ``output`` looks like a failed translation of ``source_text``."""
    if not _normalized(output):
        return True
    if _normalized(output) == _normalized(source_text):
        return True
    if _loops(output) and not _LOOP.search(source_text):
        return True
    if len(output) > _MAX_LENGTH_RATIO * max(len(source_text), 8):
        return True
    cjk, latin = count_scripts(output)
    # Still in the source script: the model passed the text through untranslated.
    if target is Side.EN and cjk > latin:
        return True
    return target is Side.ZH and cjk == 0 and latin > 0
