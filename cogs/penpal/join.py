"""``/penpal join`` helpers: choices, the localized interest list and the autocompletes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord import app_commands
from discord.app_commands import locale_str

from bot.i18n import _, use_locale
from bot.i18n.messages.penpal import PenpalCommands, PenpalInterests
from bot.services.discord_text import (
    CHOICE_NAME_LIMIT,
    CHOICE_VALUE_LIMIT,
    CHOICES_LIMIT,
    clip,
    fit,
)
from bot.services.time_zones import matching_time_zones
from db.enums import PenpalLevel, Side

if TYPE_CHECKING:
    import discord

    from bot.app import YiqiBot

SIDE_CHOICES = [
    app_commands.Choice(name=locale_str(PenpalCommands.SIDE_ENGLISH), value=Side.EN.value),
    app_commands.Choice(name=locale_str(PenpalCommands.SIDE_CHINESE), value=Side.ZH.value),
]
LEVEL_LABELS = {
    PenpalLevel.BEGINNER: PenpalCommands.BEGINNER,
    PenpalLevel.INTERMEDIATE: PenpalCommands.INTERMEDIATE,
    PenpalLevel.ADVANCED: PenpalCommands.ADVANCED,
    PenpalLevel.FLUENT: PenpalCommands.FLUENT,
}
LEVEL_CHOICES = [
    app_commands.Choice(name=locale_str(label), value=level.value)
    for level, label in LEVEL_LABELS.items()
]
# Stored by English key, so "宠物" and "pets" match each other.
INTERESTS: list[str] = [
    str(value) for name, value in vars(PenpalInterests).items() if name.isupper()
]
UI_LOCALES = ("en", "zh_CN", "zh_TW")


def interest_key(tag: str) -> str:
    """A suggested interest's English key if ``tag`` names one in any language, else the tag."""
    wanted = " ".join(tag.split()).lower()
    for key in INTERESTS:
        for locale in UI_LOCALES:
            with use_locale(locale):
                if _(key).lower() == wanted:
                    return key
    return wanted


def parse_interests(text: str) -> list[str]:
    """Comma- (or 、，) separated tags → keys of suggested interests, or free tags."""
    for separator in ("，", "、", ";"):
        text = text.replace(separator, ",")
    return [interest_key(tag) for tag in text.split(",") if tag.strip()]


def interest_label(key: str) -> str:
    """A stored interest in the current language (free tags stay as written)."""
    return _(key) if key in INTERESTS else key


async def complete_time_zone(
    interaction: discord.Interaction[YiqiBot], current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=z, value=z) for z in matching_time_zones(current)]


async def complete_interests(
    interaction: discord.Interaction[YiqiBot], current: str
) -> list[app_commands.Choice[str]]:
    """Offer the suggested interests for the tag being typed, keeping the ones before it."""
    done, _sep, typing = current.rpartition(",")
    prefix = f"{done}, " if done else ""
    typed = typing.strip().lower()
    labels = [_(key) for key in INTERESTS]
    offered = [label for label in labels if typed in label.lower()] or [typing.strip()]
    return [
        app_commands.Choice(
            name=fit(prefix + label, CHOICE_NAME_LIMIT),
            value=clip(prefix + label, CHOICE_VALUE_LIMIT),  # read back as tags: no "…"
        )
        for label in offered
        if label
    ][:CHOICES_LIMIT]
