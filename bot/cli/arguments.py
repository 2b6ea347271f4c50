"""Argument types whose mistakes are one line (argparse reports the ArgumentTypeError)."""

from __future__ import annotations

import argparse

from bot.settings import MAX_SNOWFLAKE


def snowflake(text: str) -> int:
    """A Discord id: a positive integer that fits the database's 64-bit columns."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a Discord id (digits only)") from None
    if not 1 <= value <= MAX_SNOWFLAKE:
        raise argparse.ArgumentTypeError(
            f"{text} is not a Discord id (1 to {MAX_SNOWFLAKE}; copy it with Developer Mode)"
        )
    return value
