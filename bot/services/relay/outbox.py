"""The relay's outbox: every relay row is work to do until its mirror matches its origin.

A row is claimed (a lease, ``db.repositories.relay_claims``) before anything is sent for it;
each post is recorded as an attempt (time and hash of its content) before the request, and
its outcome after. An attempt still recorded when the relay is next claimed had an unknown
outcome (the process died, or the answer was lost): the mirror is looked for before anything
is sent again. Edits and deletes change the row (a new revision, ``is_deleted``) and are worked
like sends: retried until the mirror shows the latest revision or is gone. Failures are
classified (``faults``): transient ones retry with backoff, permanent ones or too many attempts
end in the dead-letter state a moderator sees.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.observability.metrics import Metrics
from bot.services.log_redaction import error_summary
from bot.services.relay.faults import Fault, classify, retry_delay
from bot.translation.results import TranslationResult
from db.clock import Clock
from db.enums import RelayStatus
from db.models import Question, RelayedMessage
from db.repositories.question import QuestionRepository
from db.repositories.relay import RelayRepository
from db.repositories.relay_claims import Lease, RelayClaims
from db.shards import ShardScope

log = logging.getLogger(__name__)

# A claim lasts this long unless renewed (every sweep renews what this process still holds),
# so a process that died hands its relays over within about this time.
LEASE = timedelta(seconds=120)
# A permanent fault (missing permission, a refused request) is retried this many times in all:
# a moderator may fix a permission meanwhile.
PERMANENT_ATTEMPTS = 3
DEFAULT_MAX_ATTEMPTS = 12  # transient faults: about 4.5 hours of backoff in all
_MAX_ERROR_LENGTH = 2000


def content_digest(content: str) -> str:
    """The hash a post is recognised by (Discord trims surrounding whitespace)."""
    return hashlib.sha256(content.strip().encode()).hexdigest()


def process_owner() -> str:
    """A lease owner unique to this process (host, pid, and a random part for restarts)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Outbox:
    """Claims, attempts and outcomes of relays, for one process."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        owner: str | None = None,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        metrics: Metrics | None = None,
        shards: ShardScope | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.owner = owner or process_owner()
        # Sweeps take only the relays of this process's shards' guilds (None: all of them).
        self.shards = shards
        self._max_attempts = max_attempts
        self._metrics = metrics or Metrics()
        self._held: set[int] = set()

    def new_lease(self) -> Lease:
        """For a relay recorded to be sent by this process at once (``holds`` it next)."""
        return Lease(self.owner, self._clock() + LEASE)

    def holds(self, relay_id: int) -> None:
        """A relay this process recorded already leased to itself (a live send)."""
        self._held.add(relay_id)

    async def claim_due(self, limit: int) -> list[int]:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            claims = RelayClaims(session, self.owner, self.shards)
            await claims.renew(self._held, now + LEASE)
            claimed = await claims.claim_due(now, now + LEASE, limit)
        self._held.update(claimed)
        return claimed

    async def take(self, relay_id: int) -> bool:
        """Claim ``relay_id`` now (an edit or a delete arrived), unless another process holds
        it: that one sees the change when it records its outcome."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            taken = await RelayClaims(session, self.owner).take(relay_id, now, now + LEASE)
        if taken:
            self._held.add(relay_id)
        return taken

    async def begin_post(
        self,
        relay_id: int,
        content: str,
        *,
        first: bool,
        parts: Sequence[int] = (),
        thread_id: int | None = None,
    ) -> bool:
        """Before a post: record it (and the parts posted so far, and the thread a question's
        mirror opened) if the relay is still this process's and still to be shown."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            go = await RelayClaims(session, self.owner).begin_send(
                relay_id, now, now + LEASE, content_digest(content), first=first
            )
            if go and (parts or thread_id is not None):
                row = await _row(session, relay_id)
                await _record_parts(session, row, parts, thread_id)
        return go

    async def delivered(
        self,
        relay_id: int,
        translated: TranslationResult | None,
        parts: Sequence[int],
        *,
        revision: int,
        thread_id: int | None = None,
        pivot: str | None = None,
    ) -> bool:
        """The mirror shows ``revision`` in ``parts``. True when more work is due already
        (an edit or a delete arrived meanwhile), which the caller does next. ``pivot``: a
        Chinese question's English, kept for "already asked" searches."""
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            await _record_parts(session, row, parts, thread_id, pivot)
            if translated is not None:
                row.translated_text = None if translated.unavailable else translated.text
                row.improved_by = translated.improved_by  # a member's, from the memory
                row.low_confidence = translated.low_confidence
            first_delivery = row.mirrored_revision is None
            row.mirrored_revision = revision
            row.attempts += 1
            now = self._clock()
            more = _settle(row, now)
        # Stored → first shown; later edits are not the relay's latency.
        latency = (now - row.created_at).total_seconds() if first_delivery else None
        self._metrics.relay_delivered(latency)
        return more

    async def removed(self, relay_id: int) -> None:
        """The mirror is gone (or never was): nothing more to do for a deleted original."""
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            await RelayRepository(session).set_parts(row, ())
            row.mirror_removed = True
            _done(row, RelayStatus.DELIVERED)
        self.release_local(relay_id)

    async def discard(self, relay_id: int, reason: str) -> None:
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            row.last_error = reason
            _done(row, RelayStatus.DISCARDED)
        self.release_local(relay_id)
        self._metrics.relay_outcome("discarded")

    async def wait(self, relay_id: int, delay: timedelta) -> None:
        """Not workable yet (its question's mirror is still to be opened): look again later."""
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            row.next_retry_at = self._clock() + delay
            _unclaim(row)
        self.release_local(relay_id)

    async def failed(
        self,
        relay_id: int,
        error: BaseException,
        fault: Fault | None = None,
        *,
        parts: Sequence[int] | None = None,
    ) -> RelayStatus:
        """An attempt failed: retried with backoff, or dead-lettered (permanent, or too many).
        ``parts``: the mirror's messages as they now are, when some were posted or deleted."""
        fault = fault or classify(error)
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            if parts is not None:
                await RelayRepository(session).set_parts(row, parts)
            row.attempts += 1
            row.fault = fault.value
            row.last_error = f"{type(error).__name__}: {error}"[:_MAX_ERROR_LENGTH]
            if not fault.outcome_unknown:  # Discord surely did not take it: no need to look
                _forget_attempt(row)
            limit = PERMANENT_ATTEMPTS if fault.permanent else self._max_attempts
            if row.attempts >= limit:
                row.status, row.next_retry_at = RelayStatus.DEAD, None
            else:
                row.status = RelayStatus.FAILED
                row.next_retry_at = self._clock() + _backoff(row.attempts, error)
            _unclaim(row)
            status = row.status
        self.release_local(relay_id)
        self._metrics.relay_outcome(status.value, fault.value)
        # The error by type and code: its text is in the row (last_error), not in the log.
        log.warning(
            "relay %s: %s (%s), %s", relay_id, fault.value, error_summary(error), status.value
        )
        return status

    async def found(self, relay_id: int, parts: Sequence[int], thread_id: int | None) -> None:
        """The post of unknown outcome was taken: it is a part of the mirror now."""
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            await _record_parts(session, row, parts, thread_id)
            _forget_attempt(row)

    async def attempt_cleared(self, relay_id: int) -> None:
        """The post of an unknown outcome was not found: send afresh."""
        async with self._sessions() as session, session.begin():
            row = await _row(session, relay_id)
            _forget_attempt(row)

    async def release(self, relay_id: int, parts: Sequence[int] | None = None) -> None:
        """Stop working on it for now (it was deleted, edited or taken over meanwhile), with
        the parts posted so far."""
        async with self._sessions() as session, session.begin():
            if parts is not None:
                await RelayRepository(session).set_parts(await _row(session, relay_id), parts)
            await RelayClaims(session, self.owner).release([relay_id])
        self.release_local(relay_id)

    def release_local(self, relay_id: int) -> None:
        self._held.discard(relay_id)

    async def release_all(self) -> int:
        """At shutdown: everything this process holds is free for the next one at once."""
        held, self._held = set(self._held), set()
        async with self._sessions() as session, session.begin():
            await RelayClaims(session, self.owner).release(held)
        return len(held)


def _backoff(attempts: int, error: BaseException) -> timedelta:
    delay = retry_delay(attempts)
    retry_after = getattr(error, "retry_after", None)  # a 429 says how long to wait
    if isinstance(retry_after, int | float) and retry_after > delay.total_seconds():
        return timedelta(seconds=float(retry_after))
    return delay


def _forget_attempt(row: RelayedMessage) -> None:
    row.attempt_started_at = row.attempt_digest = None


def _unclaim(row: RelayedMessage) -> None:
    row.lease_owner = row.lease_until = None


def _settle(row: RelayedMessage, now: datetime) -> bool:
    """After an outcome: done, or (an edit or delete arrived) due again at once."""
    more = (row.is_deleted and not row.mirror_removed) or (
        not row.mirror_removed and row.revision != row.mirrored_revision
    )
    if more:
        row.status, row.next_retry_at = RelayStatus.PENDING, now
        _forget_attempt(row)
        row.last_error = row.fault = None
        return True
    _done(row, RelayStatus.DELIVERED)
    return False


def _done(row: RelayedMessage, status: RelayStatus) -> None:
    row.status = status
    row.next_retry_at = None
    _forget_attempt(row)
    _unclaim(row)
    if status is RelayStatus.DELIVERED:
        row.last_error = row.fault = None


async def _record_parts(
    session: AsyncSession,
    row: RelayedMessage,
    parts: Sequence[int],
    thread_id: int | None,
    pivot: str | None = None,
) -> None:
    if thread_id is not None:
        row.mirror_thread_id = thread_id
        if row.question_id is not None:
            question = await session.get(Question, row.question_id)
            opener = question is not None and question.origin_message_id == row.origin_message_id
            if question is not None and opener:
                await QuestionRepository(session).set_threads(
                    question, origin_thread_id=None, mirror_thread_id=thread_id
                )
                if pivot is not None:
                    question.pivot_text_en = pivot
    if parts:
        await RelayRepository(session).set_parts(row, parts)


async def _row(session: AsyncSession, relay_id: int) -> RelayedMessage:
    found = await session.get(RelayedMessage, relay_id)
    assert found is not None, f"relay {relay_id} is gone"
    return found
