"""How an edit or a delete changes a stored relay before its mirror follows.

The row is the truth: an edit gives it a new revision, a delete marks it deleted (or, for a
mirror a moderator deleted, marks the mirror removed). Whatever is still to reach Discord is
then due at once, and worked like a send (``recovery.RelayWorker``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from db.enums import RelayStatus
from db.models import RelayedMessage
from db.repositories.relay_claims import ON_THE_WAY


def mark_edited(row: RelayedMessage, text: str, now: datetime) -> bool:
    """The original now reads ``text``; True when its mirror has to follow."""
    if text == row.original_text or row.is_deleted:
        return False  # Discord also reports link previews as edits: nothing changed
    row.original_text = text
    row.revision += 1
    row.is_edited = True
    return _due(row, now)


def mark_deleted(row: RelayedMessage, deleted_ids: Collection[int], now: datetime) -> bool:
    """The original (or a moderator: the mirror) was deleted; True when Discord still has to
    lose a part of the mirror."""
    if row.origin_message_id in deleted_ids:
        row.is_deleted = True
    elif row.is_deleted or row.mirror_removed:
        return False  # the bot's own removal of the mirror, reported back
    else:
        row.mirror_removed = True  # never posted or edited again
    return _due(row, now)


def mark_requoted(row: RelayedMessage, now: datetime) -> bool:
    """The message it replies to is gone from the database (its author was forgotten): the
    mirror is rendered again, now without the quote. True when the mirror has to follow."""
    if row.is_deleted or row.mirror_removed:
        return False
    row.revision += 1
    return _due(row, now)


def mark_retranslated(row: RelayedMessage, now: datetime) -> bool:
    """What the mirror's translation comes from changed (a member's improvement in the
    translation memory, or its revert): the mirror is rendered again from a fresh
    translation. True when the mirror has to follow."""
    return mark_requoted(row, now)


def _due(row: RelayedMessage, now: datetime) -> bool:
    has_mirror = row.mirror_message_id is not None or row.attempt_started_at is not None
    if row.status is RelayStatus.DELIVERED and not has_mirror and row.mirror_removed:
        return False
    if row.status is RelayStatus.DELIVERED or (row.status not in ON_THE_WAY and has_mirror):
        row.status = RelayStatus.PENDING
        row.next_retry_at = now
        return True
    return row.status in ON_THE_WAY
