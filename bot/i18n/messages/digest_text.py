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
    LEARNING: Final = N_("Learning this week")
    HELPFUL_CORRECTIONS: Final = N_("Most helpful corrections")
    IMPROVED_TRANSLATIONS: Final = N_("Translations improved by members")
    # Translators: a legend under "Translations improved by members": 🤖 marks the
    # machine translation, ✨ the member's improved one.
    MACHINE_VS_IMPROVED: Final = N_("🤖 machine translation → ✨ improved by a member")
    MORE_CORRECTIONS: Final = N_("and {count} more helpful corrections")
    MORE_IMPROVEMENTS: Final = N_("and {count} more improved translations")
    # Translators: the caption posted with the chart of the week. Keep the symbols ? and ✓,
    # and EN / ZH: the chart itself shows them (it has no Chinese font).
    CHART_CAPTION: Final = N_(
        "The week in a chart: questions asked (?) and answers posted (✓) each day,"
        " English side EN (blue), Chinese side ZH (orange)."
    )
    # Translators: the chart's description for screen readers. {week} e.g. 2025-W03;
    # {en_days} and {zh_days} list each day as "01-13 3/1" (month-day, questions/answers).
    CHART_ALT: Final = N_(
        "Bar chart of {week}, questions asked/answers posted each day."
        " English side: {en_days}. Chinese side: {zh_days}."
    )
