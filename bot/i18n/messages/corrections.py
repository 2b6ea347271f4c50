"""UI strings of the "Correct" menu, correction cards and ``/learning``."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Corrections:
    """The "Correct" message menu, its modal, and the card it posts."""

    CORRECT_MENU: Final = N_("Correct", msgctxt="context-menu")
    # Translators: the title of the pop-up form (at most 45 characters).
    MODAL_TITLE: Final = N_("Suggest a correction")
    TEXT_LABEL: Final = N_("Corrected text")
    NOTE_LABEL: Final = N_("Note (optional)")
    NOTE_PLACEHOLDER: Final = N_("Why? A tip, a rule, an example…")

    REFUSE_BOT: Final = N_("Only members' own messages can be corrected.")
    REFUSE_OWN: Final = N_(
        "That's your own message — ask a partner from the other side to correct it!"
    )
    REFUSE_EMPTY: Final = N_("There's no text in that message to correct.")
    REFUSE_UNCHANGED: Final = N_(
        "Your correction is the same as the message, so nothing was posted."
    )
    REFUSE_NOT_WANTED: Final = N_(
        "This member hasn't asked for corrections here, so nothing was posted. Thank you for "
        "wanting to help!"
    )
    POSTED: Final = N_("Thanks for helping! Your correction is posted.")

    # Translators: the card's heading; {corrector} is a member's display name (no ping).
    CARD_HEADING: Final = N_("Correction from {corrector}")
    CARD_CORRECTED: Final = N_("Corrected:")
    # Translators: under a translated note, the note in the corrector's own words.
    CARD_NOTE_ORIGINAL: Final = N_("Note as written: {note}")
    CARD_HELPFUL: Final = N_("Marked helpful by the learner")
    THANKS_BUTTON: Final = N_("Thanks")
    THANKED: Final = N_("Marked as helpful. Keep practising!")
    ALREADY_THANKED: Final = N_("You've already marked this correction as helpful.")
    ONLY_LEARNER: Final = N_(
        "Only the member who was corrected can mark this as helpful — but a reaction is always "
        "welcome!"
    )


class Learning:
    """``/learning corrections on|off`` and ``/learning practice add|remove|list``."""

    NAME: Final = N_("learning", msgctxt="command-name")
    DESCRIPTION: Final = N_("Learning together: corrections and practice channels")
    CORRECTIONS_NAME: Final = N_("corrections", msgctxt="command-name")
    CORRECTIONS_DESCRIPTION: Final = N_("Choose whether members may correct your messages")
    SETTING_NAME: Final = N_("setting", msgctxt="command-name")
    SETTING_DESCRIPTION: Final = N_("On: welcome corrections; off: no corrections")
    ON: Final = N_("on")
    OFF: Final = N_("off")
    CORRECTIONS_ON: Final = N_(
        "Corrections are on: members can use “Correct” on your messages everywhere here."
    )
    CORRECTIONS_OFF: Final = N_("Corrections are off: nobody can correct your messages here.")

    PRACTICE_NAME: Final = N_("practice", msgctxt="command-name")
    PRACTICE_DESCRIPTION: Final = N_("Practice channels: corrections are on there by default")
    ADD_NAME: Final = N_("add", msgctxt="command-name")
    ADD_DESCRIPTION: Final = N_("Mark a channel for practice (its threads too)")
    REMOVE_NAME: Final = N_("remove", msgctxt="command-name")
    REMOVE_DESCRIPTION: Final = N_("Unmark a practice channel")
    LIST_NAME: Final = N_("list", msgctxt="command-name")
    LIST_DESCRIPTION: Final = N_("Show the practice channels")
    CHANNEL_NAME: Final = N_("channel", msgctxt="command-name")
    CHANNEL_DESCRIPTION: Final = N_("The channel")
    # Translators: {channel} is a channel mention.
    PRACTICE_ADDED: Final = N_("{channel} is now a practice channel.")
    PRACTICE_ALREADY: Final = N_("{channel} is already a practice channel.")
    PRACTICE_REMOVED: Final = N_("{channel} is no longer a practice channel.")
    PRACTICE_NOT_THERE: Final = N_("{channel} is not a practice channel.")
    PRACTICE_NONE: Final = N_("No practice channels yet. Add one with /learning practice add.")
    PRACTICE_LIST: Final = N_("Practice channels:")
