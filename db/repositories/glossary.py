"""Glossary terms a server added (built-in terms live in code, not here)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import GlossaryTerm
from db.repositories.guild import ensure_guild_exists


class GlossaryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def list_for_guild(self, guild_id: int) -> Sequence[GlossaryTerm]:
        """The server's own terms, oldest first."""
        rows = await self._session.scalars(
            select(GlossaryTerm).where(GlossaryTerm.guild_id == guild_id).order_by(GlossaryTerm.id)
        )
        return rows.all()

    async def add(
        self, guild_id: int, *, en_term: str, zh_term: str, created_by_id: int | None
    ) -> GlossaryTerm:
        await ensure_guild_exists(self._session, guild_id)
        term = GlossaryTerm(
            guild_id=guild_id, en_term=en_term, zh_term=zh_term, created_by_id=created_by_id
        )
        self._session.add(term)
        await self._session.flush()
        return term

    async def delete(self, term: GlossaryTerm) -> None:
        await self._session.delete(term)
        await self._session.flush()
