"""Improving a mirror's translation (issue 14 §3): consent, the improvement, its memory entry.

A member improves the machine translation of a mirror; with their consent the improvement is
kept in the translation memory (served ahead of the model for the same source text, see
``lookup``) and the mirror is edited through the relay's outbox to show it, "improved by"
its editor. Without consent nothing is stored. Withdrawing consent deletes the member's
improvements and their mirrors show the model's translation again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.base import DatabaseService
from bot.services.language.translator import GuildTranslator
from bot.services.memory.lookup import MemoryLookup
from bot.services.memory.showing import rerender_showing
from bot.services.relay.delivery import pen_pal_reader
from bot.services.relay.removal import mark_retranslated
from bot.translation.languages import Reader, detect_side
from bot.translation.protection import without_protected
from db.clock import Clock, utcnow
from db.enums import Side
from db.models import RelayedMessage, TranslationMemoryEntry
from db.models.learning import EDITOR_NAME_LENGTH
from db.repositories.guild import GuildRepository
from db.repositories.member import MemberRepository
from db.repositories.memory import MemoryRepository
from db.text_hash import text_hash

# A modal's text input holds at most this many characters.
MODAL_TEXT_LIMIT = 4000


class Refusal(StrEnum):
    NOT_A_MIRROR = "not-a-mirror"  # not Yiqi's translation of a message
    NOTHING_TO_IMPROVE = "nothing-to-improve"  # untranslated, same language, or a card
    TOO_LONG = "too-long"  # more than a modal holds
    NO_CONSENT = "no-consent"
    UNCHANGED = "unchanged"  # the same text as shown, or empty


@dataclass(frozen=True)
class Mirror:
    """A mirror that can be improved, and what it shows now."""

    relay_id: int
    guild_id: int
    shown_text: str  # the translation the mirror shows (prefilled in the modal)


@dataclass(frozen=True)
class Improved:
    entry_id: int
    relay_ids: tuple[int, ...]  # mirrors to render again now


class MemoryService(DatabaseService):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: GuildTranslator,
        lookup: MemoryLookup,
        *,
        clock: Clock = utcnow,
    ) -> None:
        super().__init__(sessions, clock=clock)
        self._translator = translator
        self._lookup = lookup

    async def mirror(self, message_id: int) -> Mirror | Refusal:
        """The improvable mirror ``message_id`` belongs to (any of its parts), or why not."""
        async with self._sessions() as session:
            row = await MemoryRepository(session).relay_of_mirror(message_id)
            if row is None or row.is_deleted:
                return Refusal.NOT_A_MIRROR
            if _not_improvable(row):
                return Refusal.NOTHING_TO_IMPROVE
            assert row.translated_text is not None
            if len(row.translated_text) > MODAL_TEXT_LIMIT:
                return Refusal.TOO_LONG
            return Mirror(row.id, row.guild_id, row.translated_text)

    async def has_consent(self, guild_id: int, user_id: int) -> bool:
        """Whether the member agreed that Yiqi keeps their improvements."""
        async with self._sessions() as session:
            member = await MemberRepository(session).get(guild_id, user_id)
            return member is not None and member.improvements_consent_at is not None

    async def consent(self, guild_id: int, user_id: int) -> None:
        """The member agrees that Yiqi keeps their improvements (memory and corpus)."""
        async with self._sessions() as session, session.begin():
            member = await MemberRepository(session).get_or_create(guild_id, user_id)
            if member.improvements_consent_at is None:
                await MemoryRepository(session).set_consent(member, self._clock())

    async def withdraw(self, guild_id: int, user_id: int) -> tuple[int, tuple[int, ...]]:
        """Consent withdrawn: the member's improvements are deleted; returns how many, and
        the relays whose mirrors now render the model's translation again."""
        async with self._sessions() as session, session.begin():
            member = await MemberRepository(session).get(guild_id, user_id)
            repo = MemoryRepository(session)
            if member is not None:
                await repo.set_consent(member, None)
            entries = list(await repo.edited_by(guild_id, user_id))
            await repo.delete([e.id for e in entries])
            due = await rerender_showing(session, guild_id, entries, self._clock)
        self._lookup.changed(guild_id)
        return len(entries), due

    async def improve(
        self, relay_id: int, editor_id: int, editor_name: str, text: str
    ) -> Improved | Refusal:
        """Keep ``text`` as the improved translation of the relay's source and make its
        mirror show it. A live improvement of the same key is replaced (kept as reverted)."""
        human = text.strip()
        async with self._sessions() as session, session.begin():
            row = await session.get(RelayedMessage, relay_id)
            if row is None or row.is_deleted:
                return Refusal.NOT_A_MIRROR
            member = await MemberRepository(session).get(row.guild_id, editor_id)
            if member is None or member.improvements_consent_at is None:
                return Refusal.NO_CONSENT
            if _not_improvable(row):
                return Refusal.NOTHING_TO_IMPROVE
            if not human or human == row.translated_text:
                return Refusal.UNCHANGED
            entry = await self._record(session, row, editor_id, editor_name, human)
            row.translated_text = human
            row.improved_by = entry.editor_name
            due = (row.id,) if mark_retranslated(row, self._clock()) else ()
        self._lookup.changed(entry.guild_id)
        return Improved(entry.id, due)

    async def _record(
        self,
        session: AsyncSession,
        row: RelayedMessage,
        editor_id: int,
        editor_name: str,
        human: str,
    ) -> TranslationMemoryEntry:
        repo = MemoryRepository(session)
        source, target = row.origin_side, row.origin_side.other
        key = await self._translator.glossary_key(row.guild_id)
        source_hash = text_hash(row.original_text)
        machine = row.translated_text or ""
        previous = await repo.live(row.guild_id, source_hash, source, target, key)
        if previous is not None:  # improving an improvement: the model's text stays the base
            machine = previous.machine_text
            previous.reverted_at, previous.reverted_by = self._clock(), editor_id
            await session.flush()
        reader = await _mirror_reader(session, row)
        return await repo.add(
            TranslationMemoryEntry(
                guild_id=row.guild_id,
                source_side=source,
                target_side=target,
                target_script=reader.script,
                source_hash=source_hash,
                source_text=row.original_text,
                glossary_key=key,
                machine_text=machine,
                human_text=human,
                editor_id=editor_id,
                editor_name=editor_name[:EDITOR_NAME_LENGTH],
                source_author_id=row.author_id,
                relay_id=row.id,
            )
        )


def _not_improvable(row: RelayedMessage) -> bool:
    """Only a machine translation can be improved: not an untranslated mirror, a message
    already in the mirror's language, or a correction card (rendered per side)."""
    if row.translated_text is None or row.correction_id is not None:
        return True
    source = detect_side(without_protected(row.original_text), row.origin_side)
    return source is not row.origin_side


async def _mirror_reader(session: AsyncSession, row: RelayedMessage) -> Reader:
    """Who reads the mirror: a pen pal's own script, else the server's for that side."""
    side = row.origin_side.other
    own = await pen_pal_reader(session, row.penpal_pair_id, side)
    if own is not None:
        return own
    if side is Side.EN:
        return Reader.EN
    guild = await GuildRepository(session).get(row.guild_id)
    return Reader.ZH_TW if guild is not None and guild.prefer_traditional else Reader.ZH_CN
