"""``/privacy``: about, export, forget, digest opt-out."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Privacy:
    """``/privacy about|export|forget|digest``."""

    NAME: Final = N_("privacy", msgctxt="command-name")
    DESCRIPTION: Final = N_("Your data in Yiqi: export or delete it")
    EXPORT_NAME: Final = N_("export", msgctxt="command-name")
    EXPORT_DESCRIPTION: Final = N_("Download your stored data as a JSON file")
    FORGET_NAME: Final = N_("forget", msgctxt="command-name")
    FORGET_DESCRIPTION: Final = N_("Delete your stored content and the mirrors Yiqi posted of it")
    ABOUT_NAME: Final = N_("about", msgctxt="command-name")
    ABOUT_DESCRIPTION: Final = N_("What Yiqi stores about you, why, and for how long")
    DIGEST_NAME: Final = N_("digest", msgctxt="command-name")
    DIGEST_DESCRIPTION: Final = N_("Choose whether your messages may appear in the weekly digest")
    INCLUDE_ME_NAME: Final = N_("include_me", msgctxt="command-name")
    INCLUDE_ME_DESCRIPTION: Final = N_("True: your messages may be featured. False: leave me out.")

    # Translators: write the commands with their translated names ("/privacy forget" …).
    ABOUT_TEXT: Final = N_(
        "**What Yiqi stores about you on this server**\n"
        "• Your settings: language and script, the Discord language last seen, your digest "
        "choice and pen-pal consents.\n"
        "• Each message of yours that Yiqi relays: the original, its translation, and the name "
        "and avatar its copy is posted under.\n"
        "• The questions you ask and whether they are answered.\n"
        "• Your pen-pal profile, pairs, blocks and reports, if you use pen pals.\n"
        "**Why**: to post translated copies on the other side, keep edits and deletions in "
        "sync, point to similar questions and build the weekly digest. Translation runs on "
        "Yiqi's own server; nothing is sent to outside services.\n"
        "**For how long**: until you use /privacy forget. Deleting a message also deletes "
        "Yiqi's copy of it.\n"
        "/privacy export downloads all of it as a JSON file; /privacy digest keeps you out of "
        "the weekly digest."
    )
    EXPORT_READY: Final = N_("Here is everything Yiqi stores about you on this server.")
    FORGET_CONFIRM: Final = N_(
        "Delete your data on this server? Yiqi deletes the messages of yours it stored (with "
        "their translations), the text of your questions, your settings and pen-pal profile, "
        "and removes the translated copies it posted of your messages. Other members' replies "
        "stay. Your own Discord messages stay too: delete them yourself if you want. This "
        "cannot be undone."
    )
    CONFIRM_FORGET: Final = N_("Delete my data")
    NOTHING_DELETED: Final = N_("Nothing was deleted.")
    # Translators: {removed} is a number of messages.
    FORGOTTEN: Final = N_(
        "Your stored data on this server is deleted. Copies removed from the other side: {removed}."
    )
    # Translators: {failed} is a number of messages.
    SOME_COPIES_REMAIN: Final = N_(
        "Copies Yiqi could not remove (it may lack permission there): {failed}."
    )
    # Translators: the new name of a thread whose question its author deleted.
    QUESTION_REMOVED: Final = N_("Question removed by its author")
    DIGEST_OUT: Final = N_("You are out of the weekly digest: your messages will not be featured.")
    DIGEST_IN: Final = N_("You are in the weekly digest: your messages may be featured.")


class ForgetAsked:
    # Translators: {removed} is a number of messages Yiqi posted for the member with /ask.
    ASK_POSTS_REMOVED: Final = N_("Questions Yiqi posted for you with /ask, removed: {removed}.")


class ForgetKept:
    """What ``/privacy forget`` could not remove, said after it ran."""

    # Translators: {requoted} is a number of other members' messages.
    QUOTES_REMOVED: Final = N_(
        "Other members' copies that quoted you, updated without the quote: {requoted}."
    )
    # Translators: {reports} is a number of pen-pal reports.
    REPORTS_KEPT: Final = N_(
        "Kept for safety: {reports} pen-pal reports that involve you stay on record for the "
        "moderators, with their transcript. Yiqi sets no expiry for them: ask a moderator."
    )
    # Translators: {digests} is a number of weekly digests already posted on this server.
    DIGESTS_KEPT: Final = N_(
        "Not removed: weekly digests already posted here ({digests}) stay as posted and may "
        "quote you. New digests will not."
    )
