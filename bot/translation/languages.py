"""Language sides, reader scripts and CJK-ratio language detection."""

from __future__ import annotations

import re
from enum import StrEnum

from db.enums import Script, Side

__all__ = ["Reader", "count_scripts", "detect_side", "has_words"]


class Reader(StrEnum):
    """What a reader reads: English, Simplified or Traditional Chinese."""

    EN = "en"
    ZH_CN = "zh-CN"
    ZH_TW = "zh-TW"

    @property
    def side(self) -> Side:
        return Side.EN if self is Reader.EN else Side.ZH

    @property
    def script(self) -> Script | None:
        """The stored script choice this reader stands for (None for English)."""
        return None if self is Reader.EN else Script(self.value)

    @classmethod
    def for_script(cls, script: Script) -> Reader:
        """The Chinese reader of a stored script choice (the values are the same tags)."""
        return cls(script.value)

    @classmethod
    def for_side(cls, side: Side) -> Reader:
        """The default reader of a side: English, or Simplified Chinese."""
        return cls.EN if side is Side.EN else cls.ZH_CN

    @classmethod
    def parse(cls, value: str) -> Reader:
        """Accept ``en``, ``zh``, ``zh-CN``, ``zh_TW``, ``zh-Hant``… in any case."""
        key = value.strip().replace("_", "-").lower()
        if key in {"zh-tw", "zh-hk", "zh-hant", "zh-mo"}:
            return cls.ZH_TW
        if key.startswith("zh"):
            return cls.ZH_CN
        if key.startswith("en"):
            return cls.EN
        raise ValueError(f"unknown language {value!r}: use en, zh, zh-CN or zh-TW")


def reader_for_discord_locale(locale: str | None) -> Reader:
    """Discord's ``zh-CN`` → Simplified, ``zh-TW`` → Traditional, anything else → English."""
    if locale == "zh-TW":
        return Reader.ZH_TW
    if locale == "zh-CN":
        return Reader.ZH_CN
    return Reader.EN


# Han characters: BMP, extension A, compatibility ideographs, extensions B and beyond. One
# spelling for everything that tells Chinese from other text (detection, diffs, pinyin).
HAN_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
HAN_CHARACTER = re.compile(f"[{HAN_RANGES}]")
_CJK = HAN_CHARACTER
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# One Chinese character carries roughly the information of a short Latin word, so CJK
# characters weigh more than Latin letters when the two scripts are mixed.
_CJK_WEIGHT = 2.5
_CLEAR_MAJORITY = 0.7


def has_words(text: str) -> bool:
    """True when the text has any Latin letter or CJK character (something to translate)."""
    return bool(_CJK.search(text) or _LATIN.search(text))


def count_scripts(text: str) -> tuple[int, int]:
    """Return (CJK characters, Latin letters)."""
    return len(_CJK.findall(text)), len(_LATIN.findall(text))


def detect_side(text: str, prior: Side | None = None) -> Side | None:
    """Guess the side of ``text``; ``None`` when it has no letters and no CJK.

    Single-script text decides itself. Mixed text ("lol 哈哈 ok") goes to the channel's
    language (``prior``) unless one script clearly dominates.
    """
    cjk, latin = count_scripts(text)
    if cjk == 0 and latin == 0:
        return None
    if cjk == 0:
        return Side.EN
    if latin == 0:
        return Side.ZH
    zh_share = cjk * _CJK_WEIGHT / (cjk * _CJK_WEIGHT + latin)
    if zh_share >= _CLEAR_MAJORITY:
        return Side.ZH
    if zh_share <= 1 - _CLEAR_MAJORITY:
        return Side.EN
    if prior is not None:
        return prior
    return Side.ZH if zh_share >= 0.5 else Side.EN
