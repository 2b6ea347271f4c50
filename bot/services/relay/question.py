"""A question's text on the other side: its title, its body, and the English it is compared in.

A question is translated once for the mirror side. A title that is just the body's first line
(a text-channel post, ``/ask``) is taken from the body's translation; a forum post's own title
is translated together with the body, as its first line (translation keeps lines). For a
Chinese question the mirror is English, so that same translation is the English pivot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.services.discord_text import THREAD_NAME_LIMIT, fit
from bot.services.exchange.similar import SimilarQuestion
from bot.services.language.translator import GuildTranslator, english_pivot
from bot.translation.results import TranslationResult
from db.enums import Side


def question_title(text: str) -> str:
    """A thread name from a text: its first non-empty line, within Discord's limit."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
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
class OpenedQuestion:
    """A question just opened: its threads, and earlier questions that look like it."""

    question_id: int
    side: Side  # where it was asked
    origin_thread_id: int | None
    mirror_thread_id: int | None  # None while its mirror waits for a retry
    similar: tuple[SimilarQuestion, ...]
