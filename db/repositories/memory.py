"""The translation memory: members' improvements of machine translations (flush-only)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import Side
from db.models import Member, RelayedMessage, RelayedMessagePart, TranslationMemoryEntry

_Entry = TranslationMemoryEntry


class MemoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def live(
        self, guild_id: int, source_hash: str, source: Side, target: Side, glossary_key: str
    ) -> TranslationMemoryEntry | None:
        """The entry served for this key (one query on the partial unique index)."""
        return await self._session.scalar(
            select(_Entry).where(
                _Entry.guild_id == guild_id,
                _Entry.source_hash == source_hash,
                _Entry.source_side == source,
                _Entry.target_side == target,
                _Entry.glossary_key == glossary_key,
                _Entry.reverted_at.is_(None),
            )
        )

    async def has_live(self, guild_id: int) -> bool:
        """Whether the guild has any entry to serve (the translator's negative cache)."""
        found = await self._session.scalar(
            select(exists().where(_Entry.guild_id == guild_id, _Entry.reverted_at.is_(None)))
        )
        return bool(found)

    async def get(self, entry_id: int) -> TranslationMemoryEntry | None:
        return await self._session.get(_Entry, entry_id)

    async def add(self, entry: TranslationMemoryEntry) -> TranslationMemoryEntry:
        self._session.add(entry)
        await self._session.flush()
        return entry

    async def page(
        self, guild_id: int, *, member_id: int | None, offset: int, limit: int
    ) -> Sequence[TranslationMemoryEntry]:
        """Newest first; ``member_id``: only entries they edited or whose source they wrote."""
        query = select(_Entry).where(_Entry.guild_id == guild_id)
        if member_id is not None:
            query = query.where(_of_member(member_id))
        result = await self._session.scalars(
            query.order_by(_Entry.created_at.desc(), _Entry.id.desc()).offset(offset).limit(limit)
        )
        return result.all()

    async def of_member(self, guild_id: int, user_id: int) -> Sequence[TranslationMemoryEntry]:
        """Entries the member edited or whose source they wrote, oldest first."""
        result = await self._session.scalars(
            select(_Entry)
            .where(_Entry.guild_id == guild_id, _of_member(user_id))
            .order_by(_Entry.created_at, _Entry.id)
        )
        return result.all()

    async def edited_by(self, guild_id: int, user_id: int) -> Sequence[TranslationMemoryEntry]:
        result = await self._session.scalars(
            select(_Entry).where(_Entry.guild_id == guild_id, _Entry.editor_id == user_id)
        )
        return result.all()

    async def delete(self, entry_ids: Collection[int]) -> None:
        if entry_ids:
            await self._session.execute(delete(_Entry).where(_Entry.id.in_(list(entry_ids))))
            await self._session.flush()

    async def corpus(self, guild_id: int) -> Sequence[TranslationMemoryEntry]:
        """Live entries whose editor still consents, oldest first (the exported corpus)."""
        consenting = exists().where(
            Member.guild_id == _Entry.guild_id,
            Member.user_id == _Entry.editor_id,
            Member.improvements_consent_at.is_not(None),
        )
        result = await self._session.scalars(
            select(_Entry)
            .where(_Entry.guild_id == guild_id, _Entry.reverted_at.is_(None), consenting)
            .order_by(_Entry.created_at, _Entry.id)
        )
        return result.all()

    async def improved_relays(self, guild_id: int) -> Sequence[RelayedMessage]:
        """Relays whose mirrors show a member's improvement now."""
        result = await self._session.scalars(
            select(RelayedMessage).where(
                RelayedMessage.guild_id == guild_id, RelayedMessage.improved_by.is_not(None)
            )
        )
        return result.all()

    async def relay_of_mirror(self, message_id: int) -> RelayedMessage | None:
        """The relay whose mirror is (or continues in) ``message_id``."""
        found = await self._session.scalar(
            select(RelayedMessage).where(RelayedMessage.mirror_message_id == message_id)
        )
        if found is not None:
            return found
        return await self._session.scalar(
            select(RelayedMessage)
            .join(RelayedMessagePart, RelayedMessagePart.relay_id == RelayedMessage.id)
            .where(RelayedMessagePart.message_id == message_id)
        )

    async def set_consent(self, member: Member, at: datetime | None) -> None:
        member.improvements_consent_at = at
        await self._session.flush()


def _of_member(user_id: int) -> ColumnElement[bool]:
    return or_(_Entry.editor_id == user_id, _Entry.source_author_id == user_id)
