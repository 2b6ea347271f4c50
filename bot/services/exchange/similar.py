""" "Already asked": earlier questions like a new one, from either side, via the English pivot.

Every question keeps an English version (``pivot_text_en``: the text itself for English
questions, the translation for Chinese ones). A new question is compared in English too, by
the overlap of content words, so 每个中国人都有大熊猫吗？ finds "Does every Chinese person own
a panda?" asked last week on the other side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.glossary.service import GlossaryService
from bot.translation.engine import TranslationEngine
from bot.translation.languages import Reader
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


class SimilarQuestionFinder:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translation: TranslationEngine,
        *,
        glossary: GlossaryService | None = None,
    ) -> None:
        self._sessions = sessions
        self._translation = translation
        self._glossary = glossary or GlossaryService(sessions)

    async def english_pivot(self, text: str, side: Side, guild_id: int | None) -> str | None:
        """The English text questions are compared in (with the server's glossary applied)."""
        if side is Side.EN:
            return text
        glossary = await self._glossary.terms_for(guild_id)
        result = await self._translation.translate(text, Reader.EN, prior=side, glossary=glossary)
        return result.text if result.is_translation or result.source is Side.EN else None

    async def find(
        self, guild_id: int, text: str, side: Side, *, limit: int = 3
    ) -> list[SimilarQuestion]:
        """Up to ``limit`` earlier questions of this server that look like ``text``."""
        pivot = await self.english_pivot(text, side, guild_id)
        if pivot is None:
            return []
        wanted = content_words(pivot)
        async with self._sessions() as session:
            earlier = await QuestionRepository(session).recent_with_pivot(guild_id, SCAN_LIMIT)
        scored = [
            SimilarQuestion(
                q.id,
                q.title,
                q.origin_side,
                q.origin_thread_id,
                similarity(wanted, content_words(q.pivot_text_en or "")),
            )
            for q in earlier
        ]
        hits = [s for s in scored if s.score >= MIN_SCORE]
        return sorted(hits, key=lambda s: (-s.score, -s.question_id))[:limit]
