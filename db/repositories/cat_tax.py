"""The cat-tax gate's newcomers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import CatTaxNewcomer
from db.repositories.guild import ensure_guild_exists
from db.repositories.insert_ignore import insert_ignoring_conflicts


class CatTaxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, guild_id: int, user_id: int) -> CatTaxNewcomer | None:
        return await self._session.scalar(
            select(CatTaxNewcomer).where(
                CatTaxNewcomer.guild_id == guild_id, CatTaxNewcomer.user_id == user_id
            )
        )

    async def record_post(self, guild_id: int, user_id: int, message_id: int) -> None:
        """Remember the newcomer's gate post (one row per member; a repeat updates the post)."""
        await ensure_guild_exists(self._session, guild_id)
        await insert_ignoring_conflicts(
            self._session,
            CatTaxNewcomer,
            [{"guild_id": guild_id, "user_id": user_id, "message_id": message_id}],
            ["guild_id", "user_id"],
        )
        await self._session.execute(
            update(CatTaxNewcomer)
            .where(
                CatTaxNewcomer.guild_id == guild_id,
                CatTaxNewcomer.user_id == user_id,
                CatTaxNewcomer.approved_at.is_(None),
            )
            .values(message_id=message_id)
        )

    async def claim_approval(self, guild_id: int, user_id: int, now: datetime) -> bool:
        """Mark approved unless already approved; True for the one caller that did it."""
        result = await self._session.execute(
            update(CatTaxNewcomer)
            .where(
                CatTaxNewcomer.guild_id == guild_id,
                CatTaxNewcomer.user_id == user_id,
                CatTaxNewcomer.approved_at.is_(None),
            )
            .values(approved_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def revoke_approval(self, guild_id: int, user_id: int) -> None:
        await self._session.execute(
            update(CatTaxNewcomer)
            .where(CatTaxNewcomer.guild_id == guild_id, CatTaxNewcomer.user_id == user_id)
            .values(approved_at=None)
        )
