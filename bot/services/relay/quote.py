"""Replies keep context: a quote of the replied-to text as the other side saw it, and a link."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.discord_text import fit, inline_text, jump_url
from db.models import Correction
from db.repositories.relay import RelayRepository

QUOTE_LIMIT = 150


async def reply_quote(session: AsyncSession, guild_id: int, replied_to: int | None) -> str | None:
    """The quote line for a reply to message ``replied_to`` (an original or a mirror)."""
    if replied_to is None:
        return None
    repo = RelayRepository(session)
    replied = await repo.find_by_origin_message(replied_to)
    if replied is not None and replied.mirror_message_id and replied.mirror_thread_id:
        # A reply to an original: the other side sees its mirror.
        text = replied.translated_text or replied.original_text
        link = jump_url(guild_id, replied.mirror_thread_id, replied.mirror_message_id)
    else:
        replied = await repo.find_by_mirror_message(replied_to)
        if replied is None:
            return None
        text = replied.original_text
        thread = replied.origin_thread_id or replied.origin_channel_id
        link = jump_url(guild_id, thread, replied.origin_message_id)
    if replied.correction_id is not None:  # a correction card: quote what it corrected to
        correction = await session.get(Correction, replied.correction_id)
        text = f"✏️ {correction.corrected_text}" if correction is not None else "✏️"
    # The bot's frame around the mirror: the quoted text shows as written, links and all.
    return f"{inline_text(fit(' '.join(text.split()), QUOTE_LIMIT))} [↩]({link})"
