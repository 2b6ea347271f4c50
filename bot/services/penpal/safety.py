"""Pen-pal safety (SPEC §4): end a pair, block (reversibly), report with a bilingual transcript.

Discord-free. Blocks are by user id, so they outlive profiles and stop any future match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.services.base import DatabaseService
from bot.services.penpal.queue import EndedPair, end_pair
from db.models import PenpalPair, PenpalReport
from db.repositories.guild import GuildRepository
from db.repositories.penpal import PenpalRepository
from db.repositories.penpal_safety import PenpalSafetyRepository

TRANSCRIPT_LIMIT = 100_000


class BlockOutcome(StrEnum):
    BLOCKED = "blocked"
    ALREADY = "already"
    SELF = "self"


@dataclass(frozen=True)
class TranscriptLine:
    at: datetime
    author_id: int
    author_name: str
    side: str
    original: str
    translation: str | None


@dataclass(frozen=True)
class ReportFiled:
    """A stored report, and where (and what) to post for the moderators."""

    report_id: int
    guild_id: int
    pair_id: int
    reporter_id: int
    reported_id: int
    reason: str
    moderators_channel_id: int | None
    transcript: tuple[TranscriptLine, ...]


def partner_of(pair: PenpalPair, user_id: int) -> int:
    return pair.zh_user_id if pair.en_user_id == user_id else pair.en_user_id


def render_transcript(lines: tuple[TranscriptLine, ...]) -> str:
    """Plain text for moderators: each message's original and its translation."""
    out: list[str] = []
    for line in lines:
        out.append(
            f"[{line.at:%Y-%m-%d %H:%M} UTC] {line.author_name} ({line.side}): {line.original}"
        )
        if line.translation:
            out.append(f"    → {line.translation}")
    return "\n".join(out)[:TRANSCRIPT_LIMIT]


class PenpalSafetyService(DatabaseService):
    async def current_partner(self, guild_id: int, user_id: int) -> int | None:
        async with self._sessions() as session:
            pair = await PenpalRepository(session).active_pair_of(guild_id, user_id)
        return partner_of(pair, user_id) if pair else None

    async def end(self, guild_id: int, user_id: int) -> EndedPair | None:
        """Unpair: the conversation stops being relayed. None if the member had no pair."""
        async with self._sessions() as session, session.begin():
            pair = await PenpalRepository(session).active_pair_of(guild_id, user_id)
            if pair is None:
                return None
            return await end_pair(session, pair, ended_by=user_id, now=self._clock())

    async def block(
        self, guild_id: int, user_id: int, blocked_id: int
    ) -> tuple[BlockOutcome, EndedPair | None]:
        """Never match the two again; a pair between them ends at once (messages stop)."""
        if user_id == blocked_id:
            return BlockOutcome.SELF, None
        async with self._sessions() as session, session.begin():
            repo = PenpalRepository(session)
            await GuildRepository(session).get_or_create(guild_id)
            outcome = BlockOutcome.ALREADY
            safety = PenpalSafetyRepository(session)
            if not await safety.is_blocked(guild_id, user_id, blocked_id):
                await safety.add_block(guild_id, user_id, blocked_id)
                outcome = BlockOutcome.BLOCKED
            pair = await repo.active_pair_of(guild_id, user_id)
            ended = None
            if pair is not None and partner_of(pair, user_id) == blocked_id:
                ended = await end_pair(session, pair, ended_by=user_id, now=self._clock())
        return outcome, ended

    async def unblock(self, guild_id: int, user_id: int, blocked_id: int) -> bool:
        """Lift a block (matching may pair them again, except as a past pair)."""
        async with self._sessions() as session, session.begin():
            return await PenpalSafetyRepository(session).remove_block(guild_id, user_id, blocked_id)

    async def report(self, guild_id: int, reporter_id: int, reason: str) -> ReportFiled | None:
        """Report the member's current (else latest) partner; None if they never had one."""
        async with self._sessions() as session, session.begin():
            repo = PenpalRepository(session)
            pair = await repo.latest_pair_of(guild_id, reporter_id)
            if pair is None:
                return None
            lines = tuple(
                TranscriptLine(
                    r.created_at,
                    r.author_id,
                    r.author_name,
                    r.origin_side.value,
                    r.original_text,
                    r.translated_text,
                )
                for r in await PenpalSafetyRepository(session).transcript(pair.id)
            )
            guild = await GuildRepository(session).get_or_create(guild_id)
            report = await PenpalSafetyRepository(session).add_report(
                PenpalReport(
                    guild_id=guild_id,
                    pair_id=pair.id,
                    reporter_id=reporter_id,
                    reported_id=partner_of(pair, reporter_id),
                    reason=reason,
                    transcript=render_transcript(lines),
                )
            )
            return ReportFiled(
                report.id,
                guild_id,
                pair.id,
                reporter_id,
                report.reported_id,
                reason,
                guild.moderators_channel_id,
                lines,
            )

    async def report_posted(self, report_id: int, message_id: int) -> None:
        """Remember the moderators' message of a report."""
        async with self._sessions() as session, session.begin():
            report = await session.get(PenpalReport, report_id)
            if report is not None:
                report.moderators_message_id = message_id
