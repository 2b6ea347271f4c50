"""The Pinyin menu's and Translate's pinyin: which Chinese to annotate, annotated off the loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.pinyin.annotate import Kind, Word, annotate
from bot.services.pinyin.layout import pinyin_messages, render_pinyin
from bot.services.relay.question import question_title
from bot.translation.results import TranslationResult, TranslationStatus
from db.enums import Side
from db.models import Question
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository


@dataclass(frozen=True)
class TranslationPinyin:
    """The pinyin view of a Translate result's Chinese: the translation itself (it then
    replaces the plain translation), or the Chinese original shown below an English one."""

    view: str
    of_translation: bool


def _chinese_question(question: Question) -> str | None:
    """A Chinese question as its asker wrote it (a forum post's own title first); None for
    an English one, whose Chinese translation is not stored: its mirror is read as shown."""
    if question.origin_side is not Side.ZH or not question.body:
        return None
    own_title = question.title != question_title(question.body)
    return f"{question.title}\n{question.body}" if own_title else question.body


def _has_hanzi(words: list[Word]) -> bool:
    return any(word.kind is Kind.HANZI for word in words)


class PinyinService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def shown_text(self, message_id: int, content: str) -> str:
        """The text a message shows, without a mirror's frame.

        A mirror's content carries a quote, the origin's flag and an excerpt of the original
        around its text; the relay's stored row has the text itself: the Chinese original of a
        Chinese post, the Chinese translation of an English one (in the script the mirror
        shows; without one, the mirror shows the English as written). Anything else, or a
        mirror whose texts are gone, is read as written.
        """
        async with self._sessions() as session:
            relay = await RelayRepository(session).find_by_mirror_message(message_id)
            # A question's mirror opens its thread: the thread has the message's id.
            question = await QuestionRepository(session).find_by_thread(message_id)
        if question is not None and question.mirror_thread_id == message_id:
            return _chinese_question(question) or content
        if relay is None:
            return content
        if relay.origin_side is Side.ZH:
            return relay.original_text or content
        return relay.translated_text or relay.original_text or content

    async def view(self, text: str) -> list[str] | None:
        """``text`` with pinyin under each line of Chinese, as Discord messages in order;
        None when it has no Chinese (mentions, links and code do not count)."""
        words = await asyncio.to_thread(annotate, text)
        return pinyin_messages(words) if _has_hanzi(words) else None

    async def for_translation(self, result: TranslationResult) -> TranslationPinyin | None:
        """Pinyin for the Chinese in a Translate result, if there is any: the translation
        into Chinese (or a script conversion), else the Chinese original."""
        if (
            result.target.side is Side.ZH
            and result.status in (TranslationStatus.TRANSLATED, TranslationStatus.SAME_LANGUAGE)
            and not result.low_confidence
        ):
            chinese, of_translation = result.text, True
        elif result.source is Side.ZH:
            chinese, of_translation = result.original, False
        else:
            return None
        words = await asyncio.to_thread(annotate, chinese)
        if not _has_hanzi(words):
            return None
        return TranslationPinyin(render_pinyin(words), of_translation=of_translation)
