"""The weekly digest's headings and notes; each is shown in English and in Chinese at once."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class DigestText:
    # Translators: {week} is an ISO week such as 2025-W03; {first} and {last} are dates.
    TITLE: Final = N_("Yiqi weekly digest {week} ({first} – {last})")
    QUESTION_OF_THE_WEEK: Final = N_("Question of the week")
    TOP_EXCHANGES: Final = N_("Top exchanges")
    NEW_PAIRS: Final = N_("New pen-pal pairs")
    NEWCOMERS: Final = N_("Welcome, cat-tax newcomers")
    NUMBERS: Final = N_("This week in numbers")
    BEST_ANSWER: Final = N_("Top answer")
    TRANSLATION_MISSING: Final = N_("no translation stored")
    ENGLISH_SIDE: Final = N_("English side")
    CHINESE_SIDE: Final = N_("Chinese side")
    # Translators: {side} is "English side" or "Chinese side"; {time} e.g. "3 h 5 min".
    SIDE_NUMBERS: Final = N_(
        "{side}: {asked} questions asked, {answered} marked answered, median answer time {time}"
    )
    NO_ANSWER_TIME: Final = N_("no answers yet")
    HOURS_MINUTES: Final = N_("{hours} h {minutes} min")
    MINUTES: Final = N_("{minutes} min")
    # Translators: {count} is how many more pairs / newcomers are not listed.
    MORE_PAIRS: Final = N_("and {count} more pairs")
    MORE_NEWCOMERS: Final = N_("and {count} more newcomers")
