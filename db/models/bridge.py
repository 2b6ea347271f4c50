"""Bridges: linked English and Chinese channels in a guild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Snowflake, SurrogateKey, TimestampMixin, str_enum
from db.enums import ChannelKind, Side


class Bridge(TimestampMixin, Base):
    """A pair of linked channels; a guild may have several."""

    __tablename__ = "bridges"

    id: Mapped[SurrogateKey]
    guild_id: Mapped[Snowflake] = mapped_column(
        ForeignKey("guilds.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[Snowflake | None]
    # When moderators were told that this bridge's relays fail; cleared once it delivers again,
    # so a failing bridge gives one notice, not one per message.
    failure_noticed_at: Mapped[datetime | None]
    # Async sessions cannot lazy-load, and a bridge is useless without its two sides.
    channels: Mapped[list[BridgeChannel]] = relationship(
        back_populates="bridge",
        lazy="selectin",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="BridgeChannel.language",
    )

    def side(self, language: Side) -> BridgeChannel:
        """The channel of this bridge on the given language side."""
        for channel in self.channels:
            if channel.language == language:
                return channel
        raise LookupError(f"bridge {self.id} has no {language} side")


class BridgeChannel(Base):
    """One side of a bridge. A channel belongs to at most one bridge."""

    __tablename__ = "bridge_channels"
    __table_args__ = (UniqueConstraint("bridge_id", "language"),)

    id: Mapped[SurrogateKey]
    bridge_id: Mapped[int] = mapped_column(ForeignKey("bridges.id", ondelete="CASCADE"))
    channel_id: Mapped[Snowflake] = mapped_column(unique=True)
    language: Mapped[Side] = mapped_column(str_enum(Side, "side"))
    kind: Mapped[ChannelKind] = mapped_column(str_enum(ChannelKind, "channel_kind"))

    bridge: Mapped[Bridge] = relationship(back_populates="channels")
