"""Closed value sets stored in the database (as their string values)."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    """The two language sides of every bridge, pair and digest."""

    EN = "en"
    ZH = "zh"

    @property
    def other(self) -> Side:
        return Side.ZH if self is Side.EN else Side.EN


class Script(StrEnum):
    """How a Chinese reader wants Chinese shown (converted by OpenCC, never translated)."""

    SIMPLIFIED = "zh-CN"
    TRADITIONAL = "zh-TW"


class ChannelKind(StrEnum):
    TEXT = "text"
    FORUM = "forum"


class RelayStatus(StrEnum):
    """Where a relay is on its way to its mirror (see ``bot.services.relay.outbox``)."""

    PENDING = "pending"  # not sent yet, or an edit/delete of its mirror is still to be done
    DELIVERED = "delivered"  # the mirror shows the latest revision (or is gone, if deleted)
    FAILED = "failed"  # the last attempt failed; retried at next_retry_at
    DEAD = "dead"  # dead-lettered: permanent fault or too many attempts; a moderator decides
    DISCARDED = "discarded"  # a moderator gave it up


class PenpalLevel(StrEnum):
    """A member's level in the *other* side's language."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"
    FLUENT = "fluent"


class PenpalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


class ProposalStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class DigestStatus(StrEnum):
    CLAIMED = "claimed"
    POSTED = "posted"
    SKIPPED = "skipped"
