"""UI strings of ``/glossary add|remove|list``."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Glossary:
    """``/glossary``: terms with fixed translations (猫税 ↔ cat tax)."""

    NAME: Final = N_("glossary", msgctxt="command-name")
    DESCRIPTION: Final = N_("Terms Yiqi always translates the same way on this server")
    ADD_NAME: Final = N_("add", msgctxt="command-name")
    ADD_DESCRIPTION: Final = N_("Add a term with its fixed translation")
    REMOVE_NAME: Final = N_("remove", msgctxt="command-name")
    REMOVE_DESCRIPTION: Final = N_("Remove a term (English or Chinese side)")
    LIST_NAME: Final = N_("list", msgctxt="command-name")
    LIST_DESCRIPTION: Final = N_("Show this server's glossary")
    ENGLISH_NAME: Final = N_("english", msgctxt="command-name")
    ENGLISH_DESCRIPTION: Final = N_("The English term, e.g. cat tax")
    CHINESE_NAME: Final = N_("chinese", msgctxt="command-name")
    CHINESE_DESCRIPTION: Final = N_("The Chinese term, e.g. 猫税")
    TERM_NAME: Final = N_("term", msgctxt="command-name")
    TERM_DESCRIPTION: Final = N_("The term to remove, in English or Chinese")

    # Translators: {english} and {chinese} are the two sides of the term.
    ADDED: Final = N_("Added to the glossary: {english} ↔ {chinese}.")
    RESTORED: Final = N_("Built-in term restored: {english} ↔ {chinese}.")
    REMOVED: Final = N_("Removed from the glossary: {english} ↔ {chinese}.")
    HEADING: Final = N_("**Glossary** — Yiqi always translates these terms this way:")
    # Translators: a marker after terms that come with Yiqi (not added by this server).
    BUILT_IN: Final = N_("built-in")
    EMPTY_LIST: Final = N_("The glossary is empty. Add a term with /glossary add.")

    EMPTY: Final = N_("Both terms need some text.")
    # Translators: {limit} is a number of characters.
    TOO_LONG: Final = N_("Terms can be at most {limit} characters long.")
    NOT_ENGLISH: Final = N_("The English term needs Latin letters and no Chinese characters.")
    NOT_CHINESE: Final = N_("The Chinese term needs Chinese characters.")
    RESERVED: Final = N_("Terms cannot contain “ZQX”: Yiqi uses it internally.")
    ALREADY_THERE: Final = N_("{english} ↔ {chinese} is already in the glossary.")
    # Translators: {term} is the clashing term; {english} ↔ {chinese} is the existing entry.
    TAKEN: Final = N_(
        "{term} is already in the glossary as {english} ↔ {chinese}. Remove that entry first "
        "to change it."
    )
    # Translators: {limit} is a number of terms.
    FULL: Final = N_("This server's glossary is full ({limit} terms). Remove some first.")
    # Translators: {term} is what the member typed.
    NOT_FOUND: Final = N_("{term} is not in the glossary.")
