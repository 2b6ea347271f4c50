"""``/setup``: bridges, the server's script."""

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
    # Translators: a line per channel follows ("#channel: Manage Webhooks, Embed Links"); write
    # "/setup bridge" with the translated command and subcommand names.
    BOT_MISSING_PERMISSIONS: Final = N_(
        "Not linked: Yiqi is missing permissions it needs to relay. Give it these, then run "
        "/setup bridge again:"
    )
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
