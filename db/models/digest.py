"""Weekly digest: each guild's schedule and the record of every week's digest."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin, str_enum
from db.enums import DigestStatus

SKIP_REASON_LENGTH = 200  # a short note for operators, not a log
CLAIMED_BY_LENGTH = 128  # host:pid:token of the process holding a claim


class DigestSchedule(TimestampMixin, Base):
    """When and where a guild's digest is posted; the scheduler is rebuilt from these rows."""

    __tablename__ = "digest_schedules"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),)

    guild_id: Mapped[Snowflake] = mapped_column(
        ForeignKey("guilds.id", ondelete="CASCADE"), primary_key=True
    )
    channel_id: Mapped[Snowflake]
    # 0 = Monday, as datetime.weekday(). Default: Monday 09:00 Shanghai = Sunday evening in the US.
    weekday: Mapped[int] = mapped_column(SmallInteger, default=0)
    local_time: Mapped[time] = mapped_column(default=time(9, 0))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    enabled: Mapped[bool] = mapped_column(default=True)


class PostedDigest(Base):
    """One row per guild and ISO week; the UNIQUE pair makes posting happen exactly once."""

    __tablename__ = "posted_digests"
    __table_args__ = (UniqueConstraint("guild_id", "week"),)

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(8))  # ISO week, "YYYY-Www"
    status: Mapped[DigestStatus] = mapped_column(str_enum(DigestStatus, "status"))
    claimed_by: Mapped[str] = mapped_column(
        String(CLAIMED_BY_LENGTH)
    )  # the process holding the claim
    # Also the claim's lease: the holder renews it before every message; a claim left older
    # than the lease is taken over (the holder crashed).
    claimed_at: Mapped[datetime]
    # Where the messages went (a takeover looks there for messages sent but not recorded).
    channel_id: Mapped[Snowflake | None]
    posted_at: Mapped[datetime | None]
    skip_reason: Mapped[str | None] = mapped_column(String(SKIP_REASON_LENGTH))
    # Recorded as each message is sent, not only at the end.
    message_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
