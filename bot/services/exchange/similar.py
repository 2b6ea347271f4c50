""" "Already asked": earlier questions like a new one, from either side, via the English pivot.

Every question keeps an English version (``pivot_text_en``: the text itself for English
questions, the translation for Chinese ones). A new question is compared in English too, by
the overlap of content words, so 每个中国人都有大熊猫吗？ finds "Does every Chinese person own
a panda?" asked last week on the other side. The new question's English comes from the
translation its mirror needs anyway (see ``bot.services.relay``): nothing is translated here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Side
from db.repositories.question import QuestionRepository

_WORD = re.compile(r"[a-z0-9']+")
# Words that say nothing about the topic of a question.
_STOPWORDS = frozenset(
    (
        "a an the and or but if of to in on at for with from by about as is are was were be "
        "been being do does did doing have has had having i you he she it we they me him her "
        "us them my your his its our their this that these those there here what which who "
        "whom how why when where all any some no not can could would should will just so than "
        "too very really much many every each one s t "
    ).split()
)
MIN_SCORE = 0.5
SCAN_LIMIT = 1000


@dataclass(frozen=True)
class SimilarQuestion:
    question_id: int
    title: str
    origin_side: Side
    thread_id: int | None
    score: float


@dataclass(frozen=True)
class EarlierQuestion:
    """An earlier question of the server, reduced to what comparing needs."""

    question_id: int
    title: str
    origin_side: Side
    thread_id: int | None
    words: frozenset[str]


def content_words(english: str) -> frozenset[str]:
    """Lower-cased content words, with a crude plural/verb -s fold ("pandas" ~ "panda")."""
    words = (w.strip("'") for w in _WORD.findall(english.lower()))
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if w and w not in _STOPWORDS
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: short questions inside longer ones still match."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


async def earlier_questions(session: AsyncSession, guild_id: int) -> list[EarlierQuestion]:
    """The server's latest questions that have an English version (read in the caller's unit
    of work, before a new question is stored, so it never finds itself)."""
    recent = await QuestionRepository(session).recent_with_pivot(guild_id, SCAN_LIMIT)
    return [
        EarlierQuestion(
            q.id, q.title, q.origin_side, q.origin_thread_id, content_words(q.pivot_text_en or "")
        )
        for q in recent
    ]


def most_similar(
    pivot: str | None, earlier: Sequence[EarlierQuestion], *, limit: int = 3
) -> tuple[SimilarQuestion, ...]:
    """Up to ``limit`` of ``earlier`` that look like the English ``pivot``, best first."""
    if pivot is None:
        return ()
    wanted = content_words(pivot)
    scored = [
        SimilarQuestion(
            q.question_id, q.title, q.origin_side, q.thread_id, similarity(wanted, q.words)
        )
        for q in earlier
    ]
    hits = [s for s in scored if s.score >= MIN_SCORE]
    return tuple(sorted(hits, key=lambda s: (-s.score, -s.question_id))[:limit])
