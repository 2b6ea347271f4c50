"""A Discord server and its Yiqi settings."""

from __future__ import annotations

from sqlalchemy import JSON, String, false, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Snowflake, TimestampMixin


class Guild(TimestampMixin, Base):
    """One row per server Yiqi has seen; the primary key is the guild's snowflake."""

    __tablename__ = "guilds"

    id: Mapped[Snowflake] = mapped_column(primary_key=True, autoincrement=False)
    # Default UI locale for replies that are not tied to an interaction (scheduled posts).
    ui_locale: Mapped[str] = mapped_column(String(16), default="en")
    # Show Chinese in Traditional script by default on this server.
    prefer_traditional: Mapped[bool] = mapped_column(default=False, server_default=false())
    moderators_channel_id: Mapped[Snowflake | None]
    penpal_en_channel_id: Mapped[Snowflake | None]
    penpal_zh_channel_id: Mapped[Snowflake | None]
    cat_tax_channel_id: Mapped[Snowflake | None]
    exchange_role_id: Mapped[Snowflake | None]
    # Whether members appear in the digest until they choose otherwise.
    digest_opt_out_by_default: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Built-in glossary terms (their English side, lower-case) this server removed.
    glossary_hidden_defaults: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
