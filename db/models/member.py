"""Members: a user's language preferences and consents within one guild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, TimestampMixin, str_enum
from db.enums import Script, Side


class Member(TimestampMixin, Base):
    """Keyed by (guild, user): the same person may choose differently on each server."""

    __tablename__ = "members"

    guild_id: Mapped[Snowflake] = mapped_column(
        ForeignKey("guilds.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[Snowflake] = mapped_column(primary_key=True, autoincrement=False)
    # Explicit choices; None means "derive from the Discord locale, else the channel".
    side: Mapped[Side | None] = mapped_column(str_enum(Side, "side"))
    script: Mapped[Script | None] = mapped_column(str_enum(Script, "script"))
    # The Discord locale last seen on an interaction (e.g. "zh-TW").
    locale: Mapped[str | None] = mapped_column(String(16))
    # None follows the guild's default; True/False is the member's own choice.
    digest_opt_out: Mapped[bool | None]
    digest_choice_at: Mapped[datetime | None]
    # Consents are timestamps: when given, None when not (or withdrawn).
    penpal_contact_consent_at: Mapped[datetime | None]
    adult_confirmed_at: Mapped[datetime | None]
    # Learning together. Corrections: None follows the channel (on in practice channels, off
    # elsewhere); True/False is the member's own choice.
    corrections_wanted: Mapped[bool | None]
    # Pinyin under Chinese in the member's Translate results.
    pinyin_in_translate: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Consent to keep the member's translation improvements (memory and corpus); None: not given.
    improvements_consent_at: Mapped[datetime | None]
