"""Relayed messages: every message Yiqi mirrors, with delivery state for retries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin, str_enum
from db.enums import RelayStatus, Side

# Discord's webhook-username limit (bot.services.discord_text.WEBHOOK_NAME_LIMIT; db cannot
# import bot): the name the mirror was sent under fits the column.
AUTHOR_NAME_LENGTH = 80


class RelayedMessage(TimestampMixin, Base):
    """An origin message and its (translated) mirror, in an exchange or a pen-pal pair."""

    __tablename__ = "relayed_messages"
    __table_args__ = (
        CheckConstraint("question_id IS NULL OR penpal_pair_id IS NULL", name="one_conversation"),
        # A question's messages in order, and (covering) the digest's engagement numbers.
        Index(
            "ix_relayed_messages_question_engagement",
            "question_id",
            "created_at",
            "origin_side",
            "author_id",
            "is_deleted",
            "origin_reaction_count",
            "mirror_reaction_count",
            "origin_message_id",
        ),
        Index(None, "penpal_pair_id", "created_at"),
        Index(None, "guild_id", "created_at"),
        # The retry sweep: due pending/failed relays, oldest first.
        Index(None, "status", "next_retry_at"),
        # Per-thread order: is an older relay of this thread still on its way?
        Index(None, "origin_thread_id", "status"),
        # Leases to renew or to take over.
        Index(None, "lease_until"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    penpal_pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("penpal_pairs.id", ondelete="CASCADE")
    )
    origin_side: Mapped[Side] = mapped_column(str_enum(Side, "origin_side"))
    author_id: Mapped[Snowflake]
    # Who the mirror is posted as, kept so a retry after a restart looks the same.
    author_name: Mapped[str] = mapped_column(
        String(AUTHOR_NAME_LENGTH), default="", server_default=""
    )
    author_avatar_url: Mapped[str | None] = mapped_column(Text)
    origin_message_id: Mapped[Snowflake] = mapped_column(unique=True)
    origin_channel_id: Mapped[Snowflake]
    origin_thread_id: Mapped[Snowflake | None]
    # Known before delivery (where to post); the message id only once it is posted.
    mirror_channel_id: Mapped[Snowflake]
    mirror_thread_id: Mapped[Snowflake | None]
    mirror_message_id: Mapped[Snowflake | None] = mapped_column(unique=True)
    original_text: Mapped[str] = mapped_column(Text)
    # What the mirror is rendered from besides the text, so an edit, a retry or a late
    # translation renders it exactly as the first send did.
    attachment_urls: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    reply_to_message_id: Mapped[Snowflake | None]  # the message it replies to (for the quote)
    # A mirror longer than one Discord message: its parts after the first (mirror_message_id),
    # in order. Loaded with the row (one query per batch of rows), so plain values can carry
    # them across sessions.
    parts: Mapped[list[RelayedMessagePart]] = relationship(
        order_by="RelayedMessagePart.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )
    translated_text: Mapped[str | None] = mapped_column(Text)
    # translated_text is a member's improvement from the translation memory, not the model's:
    # the mirror says "improved by <improved_by>".
    improved_by: Mapped[str | None] = mapped_column(String(AUTHOR_NAME_LENGTH))
    # The origin is Yiqi's correction card for this correction (rendered per side, not
    # translated as a whole).
    correction_id: Mapped[int | None] = mapped_column(
        ForeignKey("corrections.id", ondelete="CASCADE")
    )
    low_confidence: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[RelayStatus] = mapped_column(
        str_enum(RelayStatus, "relay_status"), default=RelayStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_retry_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # The last error's class (bot.services.relay.faults.Fault), shown to moderators in words.
    fault: Mapped[str | None] = mapped_column(String(32))
    # Who may work on the relay until when (a claim): a live send, a retry sweep of any process.
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    # A send under way since then, whose first part hashes to attempt_digest: set before the
    # request, cleared with its outcome. Still set at the next claim = outcome unknown, so the
    # mirror is looked for before anything is sent again.
    attempt_started_at: Mapped[datetime | None]
    attempt_digest: Mapped[str | None] = mapped_column(String(64))
    # Every edit of the original bumps revision; the mirror shows mirrored_revision (None:
    # nothing posted yet). A mirror is up to date when both agree.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    mirrored_revision: Mapped[int | None]
    # The mirror's messages are gone (deleted after the original, or by a moderator).
    mirror_removed: Mapped[bool] = mapped_column(default=False, server_default=false())
    is_edited: Mapped[bool] = mapped_column(default=False, server_default=false())
    is_deleted: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Reactions on each copy; the digest's cross-side engagement score reads both.
    origin_reaction_count: Mapped[int] = mapped_column(default=0, server_default="0")
    mirror_reaction_count: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def continuation_ids(self) -> list[int]:
        """The message ids of the mirror's parts after the first, in order."""
        return [part.message_id for part in self.parts]


class RelayedMessagePart(Base):
    """One message of a long mirror after its first: replies and reactions may land on it."""

    __tablename__ = "relayed_message_parts"

    relay_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer(), "sqlite"),
        ForeignKey("relayed_messages.id", ondelete="CASCADE"),
        primary_key=True,
    )
    position: Mapped[int] = mapped_column(primary_key=True)  # 1 is the mirror's second message
    message_id: Mapped[Snowflake] = mapped_column(unique=True)
