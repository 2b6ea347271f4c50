"""The "Pinyin" message menu, and pinyin in Translate results."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Pinyin:
    """What the "Pinyin" menu and Translate's pinyin say."""

    MENU: Final = N_("Pinyin", msgctxt="context-menu")
    NO_CHINESE: Final = N_(
        "There's no Chinese in this message, so there's no pinyin to show. "
        "Try it on a message with Chinese characters."
    )
    # Translators: a heading in a private Translate result, above the Chinese original shown
    # word by word with its pinyin.
    ORIGINAL_WITH_PINYIN: Final = N_("Original, with pinyin")
