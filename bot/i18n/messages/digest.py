"""``/digest config|preview|now``: the weekly highlight digest's commands (SPEC §5)."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Digest:
    NAME: Final = N_("digest", msgctxt="command-name")
    DESCRIPTION: Final = N_("The weekly highlight digest")
    CONFIG_NAME: Final = N_("config", msgctxt="command-name")
    CONFIG_DESCRIPTION: Final = N_("Set when and where the weekly digest is posted")
    CHANNEL_NAME: Final = N_("channel", msgctxt="command-name")
    CHANNEL_DESCRIPTION: Final = N_("The channel the digest is posted in")
    WEEKDAY_NAME: Final = N_("weekday", msgctxt="command-name")
    WEEKDAY_DESCRIPTION: Final = N_("The day of the week it is posted")
    TIME_NAME: Final = N_("time", msgctxt="command-name")
    TIME_DESCRIPTION: Final = N_("The local time it is posted, HH:MM (24-hour clock)")
    TIMEZONE_NAME: Final = N_("timezone", msgctxt="command-name")
    TIMEZONE_DESCRIPTION: Final = N_("Time zone, e.g. Asia/Shanghai or America/New_York")
    ENABLED_NAME: Final = N_("enabled", msgctxt="command-name")
    ENABLED_DESCRIPTION: Final = N_("Post the digest every week")
    PREVIEW_NAME: Final = N_("preview", msgctxt="command-name")
    PREVIEW_DESCRIPTION: Final = N_("See a week's digest privately")
    WEEK_NAME: Final = N_("week", msgctxt="command-name")
    WEEK_DESCRIPTION: Final = N_("An ISO week such as 2026-W47 (default: the next digest's week)")
    NOW_NAME: Final = N_("now", msgctxt="command-name")
    NOW_DESCRIPTION: Final = N_("Post this week's digest now (never twice in a week)")

    MONDAY: Final = N_("Monday")
    TUESDAY: Final = N_("Tuesday")
    WEDNESDAY: Final = N_("Wednesday")
    THURSDAY: Final = N_("Thursday")
    FRIDAY: Final = N_("Friday")
    SATURDAY: Final = N_("Saturday")
    SUNDAY: Final = N_("Sunday")

    # Translators: {channel} is a channel mention, {weekday} one of the day names above,
    # {time} like 09:00, {timezone} like Asia/Shanghai, {next} a date Discord shows localized.
    SCHEDULED: Final = N_(
        "The digest is posted in {channel} every {weekday} at {time} ({timezone}). Next: {next}."
    )
    OFF: Final = N_(
        "The digest is off. When on, it is posted in {channel} every {weekday} at {time} "
        "({timezone})."
    )
    # Translators: write "/digest config" with the translated command and subcommand names.
    NOT_CONFIGURED: Final = N_(
        "The digest is not set up yet. Use /digest config and choose its channel."
    )
    BAD_TIME: Final = N_("“{value}” is not a time. Use HH:MM, for example 09:00 or 18:30.")
    BAD_TIMEZONE: Final = N_(
        "“{value}” is not a time zone. Pick one from the list, for example Asia/Shanghai."
    )
    BAD_WEEK: Final = N_("“{value}” is not a week. Use the ISO form, for example 2026-W47.")
    # Translators: {week} is an ISO week such as 2026-W47.
    PREVIEW_HEADER: Final = N_("Preview of the digest of {week} (only you can see this):")
    NOTHING_TO_PREVIEW: Final = N_("Nothing to show for {week} yet.")
    POSTED: Final = N_("Posted the digest of {week} in {channel}.")
    ALREADY_POSTED: Final = N_("The digest of {week} was already posted in {channel}.")
    ALREADY_SKIPPED: Final = N_(
        "The digest of {week} was already skipped; a week's digest is handled only once."
    )
    IN_PROGRESS: Final = N_("The digest of {week} is being posted right now.")
    NOTHING_TO_POST: Final = N_("Nothing to post for {week}: there were no exchanges.")
    CHANNEL_UNAVAILABLE: Final = N_(
        "Yiqi cannot post in {channel}. Check the channel and Yiqi's permissions there."
    )


WEEKDAYS: Final = (
    Digest.MONDAY,
    Digest.TUESDAY,
    Digest.WEDNESDAY,
    Digest.THURSDAY,
    Digest.FRIDAY,
    Digest.SATURDAY,
    Digest.SUNDAY,
)
