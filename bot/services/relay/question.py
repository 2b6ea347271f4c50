"""A question's text on the other side: its title, its body, and the English it is compared in.

A question is translated once for the mirror side. A title that is just the body's first line
(a text-channel post, ``/ask``) is taken from the body's translation; a forum post's own title
is translated together with the body, as its first line (translation keeps lines). For a
Chinese question the mirror is English, so that same translation is the English pivot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.discord_text import THREAD_NAME_LIMIT, fit, hide_spoilers
from bot.services.exchange.bridges import BridgeInfo, bridge_info
from bot.services.exchange.similar import SimilarQuestion
from bot.services.language.translator import GuildTranslator, english_pivot
from bot.services.relay.port import Author, IncomingMessage
from bot.services.relay.render import MirrorFrame, mirror_frame
from bot.translation.results import TranslationResult
from db.enums import Side
from db.repositories.bridge import BridgeRepository
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository
from db.repositories.relay_claims import Lease


def question_title(text: str) -> str:
    """A thread name from a text: its first non-empty line, within Discord's limit.

    Thread names show markdown as typed, so a spoiler there would be in plain sight.
    """
    first = next((line.strip() for line in hide_spoilers(text).splitlines() if line.strip()), "")
    return fit(first, THREAD_NAME_LIMIT) or "?"


@dataclass(frozen=True)
class QuestionTranslation:
    """A question for the mirror side: thread name, post, and the English to compare in."""

    title: str
    body: TranslationResult
    pivot: str | None


async def translate_question(
    translator: GuildTranslator, title: str, body: str, side: Side, guild_id: int
) -> QuestionTranslation:
    """One translation of the question (title and body) for the side across the bridge."""
    own_title = title != question_title(body)
    text = f"{title}\n{body}" if own_title else body
    whole = await translator.for_side(text, guild_id, side.other, prior=side)
    pivot = text if side is Side.EN else english_pivot(whole)
    if not own_title:
        return QuestionTranslation(question_title(whole.text), whole, pivot)
    head, _, rest = whole.text.partition("\n")
    return QuestionTranslation(
        question_title(head), replace(whole, text=rest, original=body), pivot
    )


@dataclass(frozen=True)
class PendingQuestion:
    """A question whose mirror thread is still to be opened."""

    question_id: int
    relay_id: int
    guild_id: int
    origin_side: Side
    title: str
    body: str
    mirror_channel_id: int
    author: Author
    frame: MirrorFrame


@dataclass(frozen=True)
class OpenedQuestion:
    """A question just opened: its threads, and earlier questions that look like it."""

    question_id: int
    side: Side  # where it was asked
    origin_thread_id: int | None
    mirror_thread_id: int | None  # None while its mirror waits for a retry
    similar: tuple[SimilarQuestion, ...]


async def bridge_side(session: AsyncSession, channel_id: int) -> tuple[BridgeInfo, Side] | None:
    """The bridge ``channel_id`` belongs to, and which side of it the channel is."""
    row = await BridgeRepository(session).find_by_channel(channel_id)
    if row is None:
        return None
    bridge = bridge_info(row)
    side = bridge.side_of(channel_id)
    return None if side is None else (bridge, side.side)


async def record_question(
    session: AsyncSession,
    bridge: BridgeInfo,
    side: Side,
    message: IncomingMessage,
    *,
    retry_at: datetime,
    lease: Lease,
) -> PendingQuestion:
    """Store a new question and its post's relay row, before anything is sent."""
    mirror_channel = bridge.opposite(side).channel_id
    questions = QuestionRepository(session)
    question = await questions.add(
        guild_id=message.guild_id,
        bridge_id=bridge.id,
        asker_id=message.author.id,
        origin_side=side,
        title=question_title(message.title or message.text),
        body=message.text,
        origin_channel_id=message.channel_id,
        origin_message_id=message.message_id,
        mirror_channel_id=mirror_channel,
        pivot_text_en=message.text if side is Side.EN else None,
    )
    if message.thread_id is not None:  # a forum post arrives with its thread
        await questions.set_threads(
            question, origin_thread_id=message.thread_id, mirror_thread_id=None
        )
    relay = await RelayRepository(session).record_pending(
        guild_id=message.guild_id,
        origin_side=side,
        author_id=message.author.id,
        author_name=message.author.display_name,
        author_avatar_url=message.author.avatar_url,
        origin_message_id=message.message_id,
        origin_channel_id=message.channel_id,
        origin_thread_id=message.thread_id,  # a forum post's starter lives in its thread
        mirror_channel_id=mirror_channel,
        original_text=message.text,
        attachment_urls=message.attachments,
        question_id=question.id,
        retry_at=retry_at,
        lease=lease,
    )
    return PendingQuestion(
        question_id=question.id,
        relay_id=relay.id,
        guild_id=message.guild_id,
        origin_side=side,
        title=question.title,
        body=message.text,
        mirror_channel_id=mirror_channel,
        author=message.author,
        frame=mirror_frame(relay, quote=None),
    )
