"""Learning together: practice channels, corrections and the translation memory.

One schema for the three learning features so the digest, privacy and the corpus export read
the same rows the cogs write. Members' own switches (corrections wanted, pinyin in Translate
results, consent to keep post-edits) are columns of ``members``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin, str_enum
from db.clock import utcnow
from db.enums import Script, Side

# Discord's display-name limit is 32; webhook names go to 80 (the relay's author_name column).
EDITOR_NAME_LENGTH = 80


class PracticeChannel(Base):
    """A channel a moderator marked for practice: corrections are on there unless a member
    turned them off (elsewhere they are off unless the member turned them on)."""

    __tablename__ = "practice_channels"

    channel_id: Mapped[Snowflake] = mapped_column(primary_key=True, autoincrement=False)
    guild_id: Mapped[Snowflake] = mapped_column(
        ForeignKey("guilds.id", ondelete="CASCADE"), index=True
    )
    added_by: Mapped[Snowflake]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Correction(TimestampMixin, Base):
    """A member's correction of another member's message, and the card Yiqi posted for it."""

    __tablename__ = "corrections"
    __table_args__ = (
        Index(None, "guild_id", "created_at"),
        Index(None, "message_id"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    # Where the corrected message is (a thread's own id when it is in a thread).
    channel_id: Mapped[Snowflake]
    message_id: Mapped[Snowflake]
    learner_id: Mapped[Snowflake]
    corrector_id: Mapped[Snowflake]
    # The language of the corrected text (the diff is word-level in that language).
    language: Mapped[Side] = mapped_column(str_enum(Side, "language"))
    original_text: Mapped[str] = mapped_column(Text)
    corrected_text: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    note_language: Mapped[Side | None] = mapped_column(str_enum(Side, "note_language"))
    # The card Yiqi replied with (None until posted).
    card_message_id: Mapped[Snowflake | None] = mapped_column(unique=True)
    # The learner marked it helpful (Thanks button or a reaction on the card).
    helpful_at: Mapped[datetime | None]
    # Members who found it helpful (the learner's mark included), for the digest's ranking.
    helpful_count: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))


class TranslationMemoryEntry(TimestampMixin, Base):
    """A member's improvement of a machine translation, served ahead of the model afterwards.

    Keyed by (guild, source text, direction, glossary): the same source text translated in the
    same direction under the same glossary gets the human text. One live entry per key
    (``reverted_at`` IS NULL); reverted entries stay for the list and the corpus history until
    forgotten. Stored only with the editor's consent (``members.improvements_consent_at``).
    """

    __tablename__ = "translation_memory"
    __table_args__ = (
        Index(
            "uq_translation_memory_live_key",
            "guild_id",
            "source_hash",
            "source_side",
            "target_side",
            "glossary_key",
            unique=True,
            sqlite_where=text("reverted_at IS NULL"),
            postgresql_where=text("reverted_at IS NULL"),
        ),
        Index(None, "guild_id", "created_at"),
        Index(None, "editor_id"),
        Index(None, "source_author_id"),
    )

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(ForeignKey("guilds.id", ondelete="CASCADE"))
    source_side: Mapped[Side] = mapped_column(str_enum(Side, "source_side"))
    target_side: Mapped[Side] = mapped_column(str_enum(Side, "target_side"))
    # The script the human text was written in (Chinese targets; converted for other readers).
    target_script: Mapped[Script | None] = mapped_column(str_enum(Script, "target_script"))
    source_hash: Mapped[str] = mapped_column(String(64))  # db.text_hash of source_text
    source_text: Mapped[str] = mapped_column(Text)
    # Fingerprint of the glossary terms the machine translation was made under.
    glossary_key: Mapped[str] = mapped_column(String(64))
    machine_text: Mapped[str] = mapped_column(Text)
    human_text: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[Snowflake]
    editor_name: Mapped[str] = mapped_column(String(EDITOR_NAME_LENGTH))
    source_author_id: Mapped[Snowflake | None]
    # The mirror that was improved (kept loose: the relay row may be purged first).
    relay_id: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    reverted_at: Mapped[datetime | None]
    reverted_by: Mapped[Snowflake | None]
