"""The UI strings of the first cogs, marked for extraction and translated where used.

Names are the English msgids of Discord command, group and option names (msgctxt
``command-name``); the cogs wrap them in ``locale_str(..., msgctxt=COMMAND_NAME)`` and
everything else in ``locale_str(...)`` (descriptions, choices) or ``_(...)`` (replies).
"""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Setup:
    """``/setup bridge|show|remove`` (Manage Server)."""

    NAME: Final = N_("setup", msgctxt="command-name")
    DESCRIPTION: Final = N_("Set up Yiqi on this server")
    BRIDGE_NAME: Final = N_("bridge", msgctxt="command-name")
    BRIDGE_DESCRIPTION: Final = N_("Link an English channel with a Chinese channel")
    ENGLISH_CHANNEL_NAME: Final = N_("english_channel", msgctxt="command-name")
    ENGLISH_CHANNEL_DESCRIPTION: Final = N_("The channel where members write in English")
    CHINESE_CHANNEL_NAME: Final = N_("chinese_channel", msgctxt="command-name")
    CHINESE_CHANNEL_DESCRIPTION: Final = N_("The channel where members write in Chinese")
    SHOW_NAME: Final = N_("show", msgctxt="command-name")
    SHOW_DESCRIPTION: Final = N_("Show this server's bridges")
    REMOVE_NAME: Final = N_("remove", msgctxt="command-name")
    REMOVE_DESCRIPTION: Final = N_("Remove a bridge")

    NEEDS_MANAGE_SERVER: Final = N_("Only members with Manage Server can do this.")
    # Translators: {english} and {chinese} are channel mentions.
    LINKED: Final = N_("Linked {english} (English) with {chinese} (Chinese).")
    ALREADY_BRIDGED: Final = N_("{channel} is already part of a bridge.")
    # Translators: write "/setup bridge" with the translated command and subcommand names.
    NO_BRIDGES: Final = N_(
        "This server has no bridges yet. Use /setup bridge to link an English and a Chinese "
        "channel."
    )
    REMOVED: Final = N_("Bridge removed: {english} ↔ {chinese}.")
    SAME_CHANNEL: Final = N_("A bridge needs two different channels.")
    # Translators: {channel} is a channel mention.
    NOT_BRIDGED: Final = N_("{channel} is not part of a bridge.")
    CHANNEL_NAME: Final = N_("channel", msgctxt="command-name")
    CHANNEL_DESCRIPTION: Final = N_("Either channel of the bridge")
    SCRIPT_NAME: Final = N_("chinese_script", msgctxt="command-name")
    SCRIPT_DESCRIPTION: Final = N_("Choose the Chinese script of the mirrors on this server")
    SCRIPT_OPTION_NAME: Final = N_("script", msgctxt="command-name")
    SCRIPT_OPTION_DESCRIPTION: Final = N_("Simplified or Traditional characters")
    # Translators: {script} is the language's own name of the script, e.g. "繁體中文".
    SCRIPT_CHANGED: Final = N_("Chinese mirrors on this server now use {script}.")


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
        "Translation unavailable: no {source}→{target} model is installed. Showing the original."
    )
    LOW_CONFIDENCE: Final = N_("Low-confidence translation — check the original below.")
    # Translators: the heading above the untranslated text.
    ORIGINAL: Final = N_("Original")
    # Translators: {language} is a language name such as "English" or "Chinese".
    TRANSLATED_FROM: Final = N_("Translated from {language}")


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


class Digest:
    """``/digest`` (opt-out and admin subcommands come later)."""

    NAME: Final = N_("digest", msgctxt="command-name")
    DESCRIPTION: Final = N_("The weekly highlight digest")


class Errors:
    """Replies from the central error handler."""

    # Translators: {reference} is a short id the member can quote to an admin.
    UNEXPECTED: Final = N_(
        "Something went wrong. The error has been logged (reference {reference})."
    )
