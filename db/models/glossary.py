"""Glossary: terms with a fixed translation per guild (猫税 ↔ cat tax)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin


class GlossaryTerm(TimestampMixin, Base):
    """One term pair; each side's term is unique within the guild so lookups are unambiguous."""

    __tablename__ = "glossary_terms"
    __table_args__ = (
        UniqueConstraint("guild_id", "en_term"),
        UniqueConstraint("guild_id", "zh_term"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    en_term: Mapped[str] = mapped_column(String(100))
    zh_term: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[Snowflake | None]
