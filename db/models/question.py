"""Questions: a post on one side of a bridge and its mirrored thread on the other."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin, str_enum
from db.enums import Side

# Room for a thread title (Discord: 100) in either language, with some to spare.
TITLE_LENGTH = 200


class Question(TimestampMixin, Base):
    """An exchange: the asker's thread on the origin side and its mirror on the other side."""

    __tablename__ = "questions"
    __table_args__ = (
        # The digest's weekly scans (covering what its selection reads of each question).
        # "id" right after created_at keeps SQLite's (created_at, rowid) order for GROUP BY.
        Index(
            "ix_questions_guild_week",
            "guild_id",
            "created_at",
            "id",
            "origin_side",
            "answered_at",
            "asker_id",
            "origin_message_id",
        ),
        Index(None, "bridge_id", "created_at"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    # Unlinking a bridge keeps its history (digests, stats, similar-question search).
    bridge_id: Mapped[int | None] = mapped_column(ForeignKey("bridges.id", ondelete="SET NULL"))
    asker_id: Mapped[Snowflake]
    origin_side: Mapped[Side] = mapped_column(str_enum(Side, "origin_side"))
    title: Mapped[str] = mapped_column(String(TITLE_LENGTH))
    body: Mapped[str] = mapped_column(Text, default="")
    # English version of title and body: the pivot for "already asked" matching across sides.
    pivot_text_en: Mapped[str | None] = mapped_column(Text)
    origin_channel_id: Mapped[Snowflake]
    origin_thread_id: Mapped[Snowflake | None] = mapped_column(unique=True)
    origin_message_id: Mapped[Snowflake | None]
    mirror_channel_id: Mapped[Snowflake | None]
    mirror_thread_id: Mapped[Snowflake | None] = mapped_column(unique=True)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[Snowflake | None]

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
