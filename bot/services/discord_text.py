"""Discord's text rules in one place: limits (counted in UTF-16 units, as Discord counts),
jump links and markdown escaping. Splitting and packing text into messages: ``discord_split``.

Discord-free (plain strings), so services, renderers and cogs share one definition of each
limit instead of repeating literals.
"""

from __future__ import annotations

import re

# Discord's limits (https://discord.com/developers/docs: message content, channel name,
# webhook username, application-command choices and descriptions).
MESSAGE_LIMIT = 2000
THREAD_NAME_LIMIT = 100
WEBHOOK_NAME_LIMIT = 80
CHOICE_NAME_LIMIT = 100
CHOICE_VALUE_LIMIT = 100
CHOICES_LIMIT = 25  # choices an autocomplete may offer
DESCRIPTION_LIMIT = 100  # a command's or option's description

# Characters Discord's markdown gives meaning anywhere in a line, and at a line's start
# (headings, "-# " subtext, lists; ">" is escaped anywhere already).
_INLINE_MARKUP = re.compile(r"([\\*_~`|\[\]()<>])")
_LINE_START_MARKUP = re.compile(r"^(\s*\d*)([#+.-])", re.MULTILINE)
# A scheme's colon escaped ("https\://") is shown as is but no longer starts an autolink.
_URL_SCHEME = re.compile(r":(?=//)")
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)
# Invisible characters that hide what text says (zero-width spaces, direction overrides);
# the zero-width joiner stays: emoji sequences need it.
_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_ZERO_WIDTH_SPACE = "\u200b"
# A spoiler's content; thread names and other plain-text places do not render ``||…||``.
_SPOILER = re.compile(r"\|\|.+?\|\|", re.DOTALL)
SPOILER_MASK = "███"


def discord_length(text: str) -> int:
    """Length as counted in UTF-16 units: never less than Python's, so a limit holds either way."""
    return len(text.encode("utf-16-le")) // 2


def fit(text: str, limit: int) -> str:
    """``text`` within ``limit`` UTF-16 units, ending with "…" when it had to be shortened."""
    return _shorten(text, limit)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 units, with no "…": for values read back as data."""
    while discord_length(text) > limit:
        text = text[: len(text) - max(1, (discord_length(text) - limit) // 2)]
    return text


def hide_spoilers(text: str) -> str:
    """``text`` for places Discord shows as plain text (thread names): spoilers blacked out."""
    return _SPOILER.sub(SPOILER_MASK, text)


def jump_url(guild_id: int, channel_id: int, message_id: int | None = None) -> str:
    """A link Discord opens at a channel or thread, or at one message in it."""
    base = f"https://discord.com/channels/{guild_id}/{channel_id}"
    return base if message_id is None else f"{base}/{message_id}"


def escape_markdown(text: str) -> str:
    """Member text for a message the bot writes, shown literally: no links, masked links,
    mentions, bold, spoilers, code, headings, quotes or lists of its own.

    Everywhere the bot places member-controlled text (titles, names, quotes, reasons) goes
    through here; a mirrored message is the member's own and keeps its markdown.
    """
    visible = _INVISIBLE.sub("", text)
    escaped = _INLINE_MARKUP.sub(r"\\\1", visible)
    escaped = _LINE_START_MARKUP.sub(r"\1\\\2", escaped)
    escaped = _URL_SCHEME.sub(r"\\:", escaped)
    return _MASS_MENTION.sub(f"@{_ZERO_WIDTH_SPACE}\\1", escaped)


def inline_text(text: str) -> str:
    """``escape_markdown`` on one line: for text set inside a line of the bot's own (a
    title in a list, a name, a quote), where a line break would leave the quote or list."""
    return escape_markdown(" ".join(text.split()))


def code_block_text(text: str) -> str:
    """``text`` that cannot close the code block it is shown in (backticks kept apart)."""
    return re.sub("`(?=`)", f"`{_ZERO_WIDTH_SPACE}", text)


def _shorten(line: str, limit: int) -> str:
    if discord_length(line) <= limit:
        return line
    while discord_length(line) > limit - 1:
        line = line[: len(line) - max(1, (discord_length(line) - limit + 1) // 2)]
    return line + "…"
