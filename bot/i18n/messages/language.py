"""``/language`` and the names of the three reading languages."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Language:
    """``/language``: the member's own language and script."""

    NAME: Final = N_("language", msgctxt="command-name")
    DESCRIPTION: Final = N_("Choose the language Yiqi uses with you")
    OPTION_NAME: Final = N_("language", msgctxt="command-name")
    OPTION_DESCRIPTION: Final = N_("Your language")
    # Choice names are the languages' own names, so anyone can find theirs.
    ENGLISH: Final = N_("English")
    SIMPLIFIED: Final = N_("简体中文")
    TRADITIONAL: Final = N_("繁體中文")

    # Translators: {language} is one of the choices above, e.g. "English".
    CHANGED: Final = N_("Your language is now {language}.")

    # Pinyin with the Chinese in the member's own Translate results.
    PINYIN_OPTION_NAME: Final = N_("pinyin", msgctxt="command-name")
    PINYIN_OPTION_DESCRIPTION: Final = N_("Show pinyin with Chinese in your Translate results")
    PINYIN_ON: Final = N_("Your Translate results now show pinyin under Chinese.")
    PINYIN_OFF: Final = N_("Your Translate results no longer show pinyin.")
    # Translators: /language with no option: what is set now. {language} as above.
    CURRENT_PINYIN_ON: Final = N_(
        "Your language is {language}, and your Translate results show pinyin under Chinese. "
        "Choose an option of /language to change either."
    )
    CURRENT_PINYIN_OFF: Final = N_(
        "Your language is {language}, and your Translate results show no pinyin. "
        "Choose an option of /language to change either."
    )
