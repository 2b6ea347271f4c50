"""The Q&A exchange: ``/ask``, ``/answered``, the Translate menu, and mirrors."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Exchange:
    """``/ask``, ``/answered`` and the "Translate" context menu."""

    ASK_NAME: Final = N_("ask", msgctxt="command-name")
    ASK_DESCRIPTION: Final = N_("Ask a question for the other language side to answer")
    ANSWERED_NAME: Final = N_("answered", msgctxt="command-name")
    ANSWERED_DESCRIPTION: Final = N_("Mark your question as answered")
    TRANSLATE_MENU: Final = N_("Translate", msgctxt="context-menu")

    QUESTION_NAME: Final = N_("question", msgctxt="command-name")
    QUESTION_DESCRIPTION: Final = N_("Your question, in your own language")
    ASK_WHERE: Final = N_("Use /ask in a channel linked with /setup bridge.")
    ALREADY_ASKED: Final = N_("Already asked — maybe one of these answers your question:")
    # Translators: a heading in a new question's thread, above links to similar questions.
    SIMILAR_EARLIER: Final = N_("Similar questions asked before:")
    POST_ANYWAY: Final = N_("Post anyway")
    CANCEL: Final = N_("Cancel")
    POSTED: Final = N_("Your question is posted.")
    # Translators: {channel} is a channel mention; {permissions} a list of Discord permission
    # names.
    ASK_NOT_ALLOWED: Final = N_(
        "You can't post in {channel}: you're missing {permissions}. Nothing was posted."
    )
    # Translators: {channel} is a channel mention; {seconds} a number of seconds.
    ASK_SLOWMODE: Final = N_(
        "{channel} is in slowmode. Try again in {seconds} s. Nothing was posted."
    )
    NOT_POSTED: Final = N_("Not posted.")
    MARKED_ANSWERED: Final = N_("Marked as answered.")
    ALREADY_ANSWERED: Final = N_("This question is already marked as answered.")
    NOT_A_QUESTION_THREAD: Final = N_("Use this command inside a question's thread.")
    ONLY_ASKER: Final = N_("Only the person who asked (or a moderator) can mark it answered.")
    # Translators: a short badge on the question in both threads.
    ANSWERED_BADGE: Final = N_("Answered ✓")
    NOTHING_TO_TRANSLATE: Final = N_("Nothing to translate.")


class Relay:
    """Notices shown with relayed (translated) messages."""

    # Translators: {source} and {target} are language codes such as "en" and "zh".
    UNAVAILABLE: Final = N_(
        "Translation unavailable: the {source}→{target} model is not installed or failed to "
        "load. Showing the original."
    )
    LOW_CONFIDENCE: Final = N_("Low-confidence translation — check the original below.")
    # Translators: the heading above the untranslated text.
    ORIGINAL: Final = N_("Original")
    # Translators: under a mirror whose machine translation a member improved; {name} is
    # that member's display name.
    IMPROVED_BY: Final = N_("improved by {name}")
    # Translators: {language} is a language name such as "English" or "Chinese".
    TRANSLATED_FROM: Final = N_("Translated from {language}")
