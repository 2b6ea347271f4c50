"""``/setup status``, its buttons, and the moderators' notice when a bridge starts failing."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class RelayHealth:
    STATUS_NAME: Final = N_("status", msgctxt="command-name")
    STATUS_DESCRIPTION: Final = N_("Show whether each bridge delivers; retry or discard failures")

    HEADING: Final = N_("Delivery on this server's bridges:")
    # Translators: shown when the English→Chinese model is installed but failed to load.
    EN_ZH_UNAVAILABLE: Final = N_(
        "⚠️ English → Chinese translation is unavailable: its model failed to load. English "
        "messages are mirrored untranslated for now and translated once it works again; the "
        "bot's operator sees why with `yiqi models list`."
    )
    # Translators: shown when the Chinese→English model is installed but failed to load.
    ZH_EN_UNAVAILABLE: Final = N_(
        "⚠️ Chinese → English translation is unavailable: its model failed to load. Chinese "
        "messages are mirrored untranslated for now and translated once it works again; the "
        "bot's operator sees why with `yiqi models list`."
    )
    # Translators: {english} and {chinese} are channel mentions.
    BRIDGE_OK: Final = N_("{english} ↔ {chinese}: everything delivered.")
    # Translators: {count} messages are queued normally, nothing failed.
    BRIDGE_QUEUED: Final = N_("{english} ↔ {chinese}: {count} on their way, no errors.")
    # Translators: {error} is one of the error sentences below.
    BRIDGE_FAILING: Final = N_(
        "{english} ↔ {chinese}: {on_the_way} on their way, {dead} dead-lettered. "
        "Last error: {error}."
    )
    PENPAL_FAILING: Final = N_(
        "Pen-pal conversations: {on_the_way} on their way, {dead} dead-lettered. "
        "Last error: {error}."
    )
    # Translators: bridges not listed because the message is full.
    AND_MORE: Final = N_("…and {count} more bridges.")
    BUTTONS_NOTE: Final = N_(
        "Retry now: send the failed and dead-lettered messages again. Discard: give up the "
        "dead-lettered ones. Each button names the bridge's number."
    )
    RETRY_LABEL: Final = N_("Retry now")
    DISCARD_LABEL: Final = N_("Discard")

    RETRIED: Final = N_("{count} messages of {english} ↔ {chinese} are on their way again.")
    NOTHING_TO_RETRY: Final = N_("{english} ↔ {chinese} has nothing to retry.")
    DISCARDED: Final = N_(
        "Discarded {count} dead-lettered messages of {english} ↔ {chinese}; they will not be sent."
    )
    # Translators: a moderator deleted these originals; their mirrors could not be removed.
    DISCARD_KEPT: Final = N_(
        "{count} were kept: their original was deleted but its mirror is still up. Press "
        "Retry now to remove it, or delete it by hand."
    )
    BRIDGE_GONE: Final = N_("That bridge no longer exists.")

    # Translators: to the moderators' channel; "/setup status" is the command's name.
    NOTICE: Final = N_(
        "Yiqi cannot deliver messages between {english} and {chinese} ({dead} dead-lettered, "
        "{on_the_way} on their way). Last error: {error}. Use /setup status to retry or "
        "discard them."
    )

    # The last error, in words. Translators: {channel} is a channel mention.
    RATE_LIMITED: Final = N_("Discord asked the bot to slow down")
    DISCORD_UNAVAILABLE: Final = N_("Discord was unavailable")
    TIMEOUT: Final = N_("Discord did not answer in time")
    CONNECTION: Final = N_("the connection to Discord or to the database was lost")
    TRANSLATION: Final = N_("the translation failed")
    MISSING_PERMISSIONS: Final = N_("the bot lacks permission to post in {channel}")
    REJECTED: Final = N_("Discord refused the message as it is")
    CHANNEL_GONE: Final = N_("{channel} no longer exists, or the bot cannot see it")
    MESSAGE_GONE: Final = N_("the mirror to edit or delete no longer exists")
    UNKNOWN: Final = N_("an unexpected error")
