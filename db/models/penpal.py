"""Pen pals: profiles, proposals, pairs, blocks and reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin, str_enum
from db.clock import utcnow
from db.enums import PenpalLevel, PenpalStatus, ProposalStatus, Side


class PenpalProfile(TimestampMixin, Base):
    """A member's entry in the pen-pal pool of a guild."""

    __tablename__ = "penpal_profiles"
    __table_args__ = (
        UniqueConstraint("guild_id", "user_id"),
        # The matcher's pools and the fair (oldest first) queue.
        Index(None, "guild_id", "status", "side", "queued_since"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    user_id: Mapped[Snowflake]
    side: Mapped[Side] = mapped_column(str_enum(Side, "side"))
    level: Mapped[PenpalLevel] = mapped_column(str_enum(PenpalLevel, "level"))
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name, e.g. "Asia/Shanghai"
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PenpalStatus] = mapped_column(
        str_enum(PenpalStatus, "status"), default=PenpalStatus.ACTIVE
    )
    # Position in the waiting queue; None while paired or not active.
    queued_since: Mapped[datetime | None]


class PenpalProposal(TimestampMixin, Base):
    """A proposed match; contact starts only once both members accept."""

    __tablename__ = "penpal_proposals"
    __table_args__ = (Index(None, "status", "expires_at"),)

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    en_profile_id: Mapped[int] = mapped_column(
        ForeignKey("penpal_profiles.id", ondelete="CASCADE"), index=True
    )
    zh_profile_id: Mapped[int] = mapped_column(
        ForeignKey("penpal_profiles.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus, "status"), default=ProposalStatus.PENDING
    )
    # None until the member answers; True accepted, False declined.
    en_accepted: Mapped[bool | None]
    zh_accepted: Mapped[bool | None]
    expires_at: Mapped[datetime]


class PenpalPair(Base):
    """Two members talking. Stored by user id so history outlives profiles (no repeats)."""

    __tablename__ = "penpal_pairs"
    __table_args__ = (
        # A pair is never repeated.
        UniqueConstraint("guild_id", "en_user_id", "zh_user_id"),
        Index(None, "guild_id", "started_at"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("penpal_proposals.id", ondelete="SET NULL")
    )
    en_user_id: Mapped[Snowflake]
    zh_user_id: Mapped[Snowflake]
    # Each member's private thread, in the pen-pal channel of their side.
    en_thread_id: Mapped[Snowflake | None] = mapped_column(unique=True)
    zh_thread_id: Mapped[Snowflake | None] = mapped_column(unique=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[Snowflake | None]


class PenpalBlock(Base):
    """Blocker never gets matched with blocked. By user id so it survives a profile's removal."""

    __tablename__ = "penpal_blocks"
    __table_args__ = (
        UniqueConstraint("guild_id", "blocker_id", "blocked_id"),
        CheckConstraint("blocker_id <> blocked_id", name="not_self"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    blocker_id: Mapped[Snowflake]
    blocked_id: Mapped[Snowflake] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PenpalReport(Base):
    """A report sent to the moderators, kept as a moderation record."""

    __tablename__ = "penpal_reports"

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(
        ForeignKey("guilds.id", ondelete="CASCADE"), index=True
    )
    pair_id: Mapped[int | None] = mapped_column(ForeignKey("penpal_pairs.id", ondelete="SET NULL"))
    reporter_id: Mapped[Snowflake]
    reported_id: Mapped[Snowflake]
    reason: Mapped[str] = mapped_column(Text)
    transcript: Mapped[str] = mapped_column(Text, default="")  # bilingual, as sent to mods
    moderators_message_id: Mapped[Snowflake | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
