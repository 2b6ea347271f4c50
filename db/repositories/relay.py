"""Relayed messages: delivery state, retries and lookups by either copy's message id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import inspect, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import RelayStatus, Side
from db.models import RelayedMessage, RelayedMessagePart
from db.models.relay import AUTHOR_NAME_LENGTH
from db.repositories.relay_claims import Lease
from db.shards import ShardScope, in_scope


class RelayRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record_pending(
        self,
        *,
        guild_id: int,
        origin_side: Side,
        author_id: int,
        author_name: str = "",
        author_avatar_url: str | None = None,
        origin_message_id: int,
        origin_channel_id: int,
        mirror_channel_id: int,
        original_text: str,
        attachment_urls: Sequence[str] = (),
        reply_to_message_id: int | None = None,
        translated_text: str | None = None,
        low_confidence: bool = False,
        origin_thread_id: int | None = None,
        mirror_thread_id: int | None = None,
        question_id: int | None = None,
        penpal_pair_id: int | None = None,
        retry_at: datetime | None = None,
        lease: Lease | None = None,
    ) -> RelayedMessage:
        """Record a message about to be mirrored.

        ``retry_at`` makes the retry sweep pick it up (when the lease, if any, has expired:
        the process recording it sends it, unless it dies first).
        """
        relay = RelayedMessage(
            guild_id=guild_id,
            question_id=question_id,
            penpal_pair_id=penpal_pair_id,
            origin_side=origin_side,
            author_id=author_id,
            author_name=author_name[:AUTHOR_NAME_LENGTH],
            author_avatar_url=author_avatar_url,
            origin_message_id=origin_message_id,
            origin_channel_id=origin_channel_id,
            origin_thread_id=origin_thread_id,
            mirror_channel_id=mirror_channel_id,
            mirror_thread_id=mirror_thread_id,
            original_text=original_text,
            attachment_urls=list(attachment_urls),
            reply_to_message_id=reply_to_message_id,
            translated_text=translated_text,
            low_confidence=low_confidence,
            status=RelayStatus.PENDING,
            attempts=0,
            next_retry_at=retry_at,
            lease_owner=lease.owner if lease else None,
            lease_until=lease.until if lease else None,
            parts=[],
        )
        self._session.add(relay)
        await self._session.flush()
        return relay

    async def mark_delivered(
        self,
        relay: RelayedMessage,
        *,
        mirror_message_id: int,
        mirror_thread_id: int | None = None,
    ) -> None:
        """The mirror was posted: remember its ids and stop retrying."""
        relay.status = RelayStatus.DELIVERED
        relay.attempts += 1
        relay.mirror_message_id = mirror_message_id
        if mirror_thread_id is not None:
            relay.mirror_thread_id = mirror_thread_id
        relay.next_retry_at = None
        relay.last_error = None
        await self._session.flush()

    async def set_parts(self, relay: RelayedMessage, part_ids: Sequence[int]) -> None:
        """The mirror's messages as they now are on Discord, first part first."""
        if "parts" in inspect(relay).unloaded:  # a row built here rather than loaded
            await self._session.refresh(relay, ["parts"])
        relay.mirror_message_id = part_ids[0] if part_ids else None
        wanted = list(part_ids[1:])
        # Parts change only at the end (kept ones keep their ids), so rows are updated in
        # place, appended or removed: never a new row for an id or position still stored.
        for index, message_id in enumerate(wanted):
            if index < len(relay.parts):
                relay.parts[index].message_id = message_id
            else:
                relay.parts.append(RelayedMessagePart(position=index + 1, message_id=message_id))
        del relay.parts[len(wanted) :]
        await self._session.flush()

    async def list_untranslated(
        self, sides: Sequence[Side], after_id: int, limit: int, shards: ShardScope | None = None
    ) -> Sequence[RelayedMessage]:
        """Delivered mirrors that carry no translation (none was possible then), by id; of
        the guilds on ``shards`` only, when given."""
        result = await self._session.scalars(
            select(RelayedMessage)
            .where(
                RelayedMessage.status == RelayStatus.DELIVERED,
                RelayedMessage.translated_text.is_(None),
                RelayedMessage.correction_id.is_(None),  # cards are rendered, not translated
                RelayedMessage.is_deleted.is_(False),
                RelayedMessage.mirror_message_id.is_not(None),
                RelayedMessage.origin_side.in_(list(sides)),
                RelayedMessage.id > after_id,
                in_scope(RelayedMessage.guild_id, shards),
            )
            .order_by(RelayedMessage.id)
            .limit(limit)
        )
        return result.all()

    async def set_origin_thread(self, relay_id: int, thread_id: int) -> None:
        """A question's thread opened on its post: the post's relay belongs to that thread."""
        await self._session.execute(
            update(RelayedMessage)
            .where(RelayedMessage.id == relay_id)
            .values(origin_thread_id=thread_id)
            .execution_options(synchronize_session=False)
        )

    async def find_deleted(self, message_ids: Sequence[int]) -> Sequence[RelayedMessage]:
        """The relays of deleted messages: originals, or the first part of a mirror."""
        ids = list(message_ids)
        result = await self._session.scalars(
            select(RelayedMessage).where(
                or_(
                    RelayedMessage.origin_message_id.in_(ids),
                    RelayedMessage.mirror_message_id.in_(ids),
                )
            )
        )
        return result.all()

    async def known_mirror_ids(self, message_ids: Sequence[int]) -> set[int]:
        """Which of ``message_ids`` are parts of some relay's mirror already."""
        ids = list(message_ids)
        firsts = await self._session.scalars(
            select(RelayedMessage.mirror_message_id).where(
                RelayedMessage.mirror_message_id.in_(ids)
            )
        )
        rest = await self._session.scalars(
            select(RelayedMessagePart.message_id).where(RelayedMessagePart.message_id.in_(ids))
        )
        return {i for i in firsts.all() if i is not None} | set(rest.all())

    async def find_by_origin_message(self, message_id: int) -> RelayedMessage | None:
        """The relay of an original message (to edit or delete its mirror)."""
        return await self._session.scalar(
            select(RelayedMessage).where(RelayedMessage.origin_message_id == message_id)
        )

    async def find_by_mirror_message(self, message_id: int) -> RelayedMessage | None:
        """The relay a mirror message belongs to (reactions, replies to a mirror), whichever
        of a long mirror's parts it is."""
        part_of = select(RelayedMessagePart.relay_id).where(
            RelayedMessagePart.message_id == message_id
        )
        return await self._session.scalar(
            select(RelayedMessage).where(
                or_(
                    RelayedMessage.mirror_message_id == message_id,
                    RelayedMessage.id.in_(part_of),
                )
            )
        )
