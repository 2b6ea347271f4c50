"""UI strings of "Improve translation" and ``/tm``: the server's translation memory."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Improve:
    """The "Improve translation" message menu, its consent question and its modal."""

    MENU: Final = N_("Improve translation", msgctxt="context-menu")
    NOT_A_MIRROR: Final = N_(
        "You can improve only Yiqi's translations: use this on a message Yiqi relayed from "
        "the other side."
    )
    NOTHING_TO_IMPROVE: Final = N_(
        "There is no machine translation to improve in this message (it was not translated)."
    )
    # Translators: {limit} is a number of characters.
    TOO_LONG: Final = N_(
        "This translation is longer than {limit} characters, more than the editing box "
        "holds. Improve a shorter message, or use Translate to read it."
    )
    CONSENT: Final = N_(
        "**Improve a translation**\n"
        "Your better translation replaces Yiqi's on this message, marked “improved by” "
        "your name, and Yiqi uses it whenever the same text comes up again on this server.\n"
        "To do that, Yiqi keeps: the original text, the machine translation, your version, "
        "your name and the date. The server may export these improvements as a corpus to "
        "train a better translation model.\n"
        "You can stop any time with /tm sharing, and /privacy forget removes them all. "
        "Nothing is kept unless you agree."
    )
    AGREE: Final = N_("I agree")
    NO_THANKS: Final = N_("No thanks")
    DECLINED: Final = N_("No problem: nothing was kept. Thanks for reading!")
    MODAL_TITLE: Final = N_("Improve translation")
    FIELD_LABEL: Final = N_("Your better translation")
    DONE: Final = N_(
        "Thank you! The message now shows your translation, and Yiqi will use it whenever "
        "the same text comes up again on this server."
    )
    UNCHANGED: Final = N_("Nothing changed: the translation is the same as before.")
    NO_CONSENT: Final = N_("Nothing was kept: agree to keep improvements first.")


class Memory:
    """``/tm list|revert|sharing``."""

    NAME: Final = N_("tm", msgctxt="command-name")
    DESCRIPTION: Final = N_("Translations improved by members of this server")
    LIST_NAME: Final = N_("list", msgctxt="command-name")
    LIST_DESCRIPTION: Final = N_("Show improved translations (yours, or all for moderators)")
    PAGE_NAME: Final = N_("page", msgctxt="command-name")
    PAGE_DESCRIPTION: Final = N_("Which page (10 a page, newest first)")
    REVERT_NAME: Final = N_("revert", msgctxt="command-name")
    REVERT_DESCRIPTION: Final = N_("Go back to the machine translation for an improvement")
    ENTRY_NAME: Final = N_("entry", msgctxt="command-name")
    ENTRY_DESCRIPTION: Final = N_("The improvement's number, from /tm list")
    SHARING_NAME: Final = N_("sharing", msgctxt="command-name")
    SHARING_DESCRIPTION: Final = N_("Whether Yiqi keeps your translation improvements")
    KEEP_NAME: Final = N_("keep", msgctxt="command-name")
    KEEP_DESCRIPTION: Final = N_("On: keep them. Off: stop, and delete the ones you made")

    # Translators: {page} is a page number.
    HEADING: Final = N_("**Improved translations** (page {page}, newest first)")
    EMPTY: Final = N_("No improved translations here yet.")
    # Translators: {name} is a member's display name; {date} a date such as 2026-12-03.
    ENTRY_LINE: Final = N_("by {name} on {date}")
    # Translators: a marker after an improvement that is no longer used.
    REVERTED_MARK: Final = N_("reverted")
    # Translators: {entry} is an improvement's number.
    REVERTED: Final = N_(
        "Improvement #{entry} reverted: its messages show the machine translation again."
    )
    NOT_FOUND: Final = N_("There is no improvement #{entry} on this server.")
    NOT_ALLOWED: Final = N_(
        "Only moderators, the member who improved it and the author of the original can "
        "revert improvement #{entry}."
    )
    ALREADY: Final = N_("Improvement #{entry} was already reverted.")
    SHARING_ON: Final = N_(
        "Yiqi will keep your translation improvements. Use “Improve translation” on a "
        "relayed message to make one."
    )
    # Translators: {count} is a number of improvements.
    SHARING_OFF: Final = N_(
        "Yiqi no longer keeps your translation improvements; {count} were deleted and their "
        "messages show the machine translation again."
    )
