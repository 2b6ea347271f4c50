"""Replies from the central error handler."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class Errors:
    """Replies from the central error handler."""

    # Translators: {reference} is a short id the member can quote to an admin.
    UNEXPECTED: Final = N_(
        "Something went wrong. The error has been logged (reference {reference})."
    )
    # Translators: a member used a command too often; {seconds} is a whole number.
    TRY_AGAIN: Final = N_("You're going a bit fast: try again in {seconds} s.")
