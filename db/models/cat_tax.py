"""The optional "cat tax" gate: newcomers who posted their pet and got the exchange role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, SurrogateKey
from db.clock import utcnow


class CatTaxNewcomer(Base):
    """A newcomer's gate post; the digest welcomes the week's approved newcomers."""

    __tablename__ = "cat_tax_newcomers"
    __table_args__ = (
        UniqueConstraint("guild_id", "user_id"),
        Index(None, "guild_id", "approved_at"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    user_id: Mapped[Snowflake]
    message_id: Mapped[Snowflake]
    approved_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
