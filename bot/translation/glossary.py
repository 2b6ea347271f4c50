"""Terms with fixed translations. Servers edit their own list (issue "Digest"); these seed it."""

from __future__ import annotations

from bot.translation.protection import GlossaryTerm

DEFAULT_GLOSSARY: tuple[GlossaryTerm, ...] = (
    GlossaryTerm(en="cat tax", zh="猫税"),
    GlossaryTerm(en="RedNote", zh="小红书"),
    GlossaryTerm(en="TikTok refugee", zh="TikTok难民"),
)
