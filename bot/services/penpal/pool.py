"""Pen pals (SPEC §4): the pool — join, status, pause, resume, leave — and the server's setup.

Discord-free. Matching and answers live in ``penpal_proposals``, safety in ``penpal_safety``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.services.base import DatabaseService
from bot.services.penpal.queue import EndedPair, close_proposal, end_pair
from bot.services.time_zones import known_time_zones
from db.enums import PenpalLevel, PenpalStatus, ProposalStatus, Side
from db.models import PenpalProfile
from db.repositories.guild import GuildRepository
from db.repositories.member import MemberRepository
from db.repositories.penpal import PenpalRepository
from db.repositories.penpal_safety import PenpalSafetyRepository

INTRO_LIMIT = 500
MAX_INTERESTS = 10
TAG_LIMIT = 32


@dataclass(frozen=True)
class JoinRequest:
    guild_id: int
    user_id: int
    side: Side
    level: PenpalLevel
    interests: Sequence[str]
    timezone: str
    intro: str
    adult: bool
    consent: bool


class JoinOutcome(StrEnum):
    JOINED = "joined"
    UPDATED = "updated"
    NEEDS_CONSENT = "needs_consent"
    UNKNOWN_TIMEZONE = "unknown_timezone"
    SIDE_LOCKED = "side_locked"  # a side change while paired or proposed


@dataclass(frozen=True)
class PenpalStatusView:
    """What ``/penpal status`` shows."""

    joined: bool
    status: PenpalStatus | None = None
    side: Side | None = None
    waitlist_position: int | None = None  # 1 = next to be matched
    waiting_total: int = 0
    partner_id: int | None = None
    thread_id: int | None = None  # the member's own private thread with the partner
    proposed_partner_id: int | None = None
    blocked: tuple[int, ...] = ()


@dataclass(frozen=True)
class Left:
    """A member left: the pair that ended with it, and who went back to the queue's front."""

    ended: EndedPair | None
    back_to_front: tuple[int, ...] = ()


@dataclass(frozen=True)
class PenpalChannels:
    en_channel_id: int | None
    zh_channel_id: int | None
    moderators_channel_id: int | None

    @property
    def complete(self) -> bool:
        return None not in (self.en_channel_id, self.zh_channel_id, self.moderators_channel_id)


def clean_tags(tags: Sequence[str]) -> list[str]:
    """Lower-case, trimmed, unique, at most ``MAX_INTERESTS`` tags of ``TAG_LIMIT`` chars."""
    seen: list[str] = []
    for tag in tags:
        cleaned = " ".join(tag.split()).lower()[:TAG_LIMIT]
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen[:MAX_INTERESTS]


class PenpalService(DatabaseService):
    async def configure(
        self, guild_id: int, *, en_channel_id: int, zh_channel_id: int, moderators_channel_id: int
    ) -> None:
        """Set the pen-pal channel of each side and the moderators' channel."""
        async with self._sessions() as session, session.begin():
            guild = await GuildRepository(session).get_or_create(guild_id)
            guild.penpal_en_channel_id = en_channel_id
            guild.penpal_zh_channel_id = zh_channel_id
            guild.moderators_channel_id = moderators_channel_id

    async def channels(self, guild_id: int) -> PenpalChannels:
        """The configured pen-pal and moderators' channels (None where not set)."""
        async with self._sessions() as session:
            guild = await GuildRepository(session).get(guild_id)
        if guild is None:
            return PenpalChannels(None, None, None)
        return PenpalChannels(
            guild.penpal_en_channel_id, guild.penpal_zh_channel_id, guild.moderators_channel_id
        )

    async def join(self, request: JoinRequest) -> JoinOutcome:
        """Join (or update one's profile); needs 18+ and consent to be contacted."""
        if not (request.adult and request.consent):
            return JoinOutcome.NEEDS_CONSENT
        if request.timezone not in known_time_zones():
            return JoinOutcome.UNKNOWN_TIMEZONE
        now = self._clock()
        async with self._sessions() as session, session.begin():
            member = await MemberRepository(session).get_or_create(
                request.guild_id, request.user_id
            )
            member.adult_confirmed_at = member.adult_confirmed_at or now
            member.penpal_contact_consent_at = member.penpal_contact_consent_at or now
            repo = PenpalRepository(session)
            profile = await repo.profile(request.guild_id, request.user_id)
            fields = {
                "side": request.side,
                "level": request.level,
                "interests": clean_tags(request.interests),
                "timezone": request.timezone,
                "intro": request.intro.strip()[:INTRO_LIMIT],
            }
            if profile is not None and profile.side is not request.side:
                # Pairs and proposals are stored by side: no switching in the middle of one.
                busy = await repo.active_pair_of(request.guild_id, request.user_id)
                if busy or await repo.pending_proposal_of(profile.id):
                    return JoinOutcome.SIDE_LOCKED
            outcome = JoinOutcome.UPDATED
            if profile is None:
                profile = await repo.add_profile(
                    PenpalProfile(guild_id=request.guild_id, user_id=request.user_id, **fields)
                )
                outcome = JoinOutcome.JOINED
            for name, value in fields.items():
                setattr(profile, name, value)
            if profile.status is not PenpalStatus.ACTIVE or outcome is JoinOutcome.JOINED:
                outcome = JoinOutcome.JOINED
                profile.status = PenpalStatus.ACTIVE
                paired = await repo.active_pair_of(request.guild_id, request.user_id)
                profile.queued_since = None if paired else now
        return outcome

    async def status(self, guild_id: int, user_id: int) -> PenpalStatusView:
        """The member's pair, pending proposal or place in the waitlist, and whom they block."""
        async with self._sessions() as session:
            repo = PenpalRepository(session)
            profile = await repo.profile(guild_id, user_id)
            blocked = tuple(await PenpalSafetyRepository(session).blocked_by(guild_id, user_id))
            if profile is None:
                return PenpalStatusView(joined=False, blocked=blocked)
            pair = await repo.active_pair_of(guild_id, user_id)
            partner = thread = proposed = None
            if pair is not None:
                on_en = pair.en_user_id == user_id
                partner = pair.zh_user_id if on_en else pair.en_user_id
                thread = pair.en_thread_id if on_en else pair.zh_thread_id
            proposal = await repo.pending_proposal_of(profile.id)
            if proposal is not None:
                other_id = (
                    proposal.zh_profile_id
                    if proposal.en_profile_id == profile.id
                    else proposal.en_profile_id
                )
                other = await session.get(PenpalProfile, other_id)
                proposed = other.user_id if other else None
            waiting = [p.id for p in await repo.waiting(guild_id, profile.side)]
        position = waiting.index(profile.id) + 1 if profile.id in waiting else None
        return PenpalStatusView(
            joined=True,
            status=profile.status,
            side=profile.side,
            waitlist_position=position,
            waiting_total=len(waiting),
            partner_id=partner,
            thread_id=thread,
            proposed_partner_id=proposed,
            blocked=blocked,
        )

    async def pause(self, guild_id: int, user_id: int) -> bool:
        """Stop being matched (the current pair, if any, goes on). False if not joined."""
        async with self._sessions() as session, session.begin():
            profile = await PenpalRepository(session).profile(guild_id, user_id)
            if profile is None or profile.status is PenpalStatus.LEFT:
                return False
            profile.status = PenpalStatus.PAUSED
            profile.queued_since = None
        return True

    async def resume(self, guild_id: int, user_id: int) -> bool:
        """Back into the pool, behind those already waiting. False if not paused."""
        async with self._sessions() as session, session.begin():
            repo = PenpalRepository(session)
            profile = await repo.profile(guild_id, user_id)
            if profile is None or profile.status is not PenpalStatus.PAUSED:
                return False
            profile.status = PenpalStatus.ACTIVE
            paired = await repo.active_pair_of(guild_id, user_id)
            profile.queued_since = None if paired else self._clock()
        return True

    async def leave(self, guild_id: int, user_id: int) -> Left | None:
        """Leave the pool: any proposal is declined, any pair ended, consent withdrawn.

        None if the member was not in the pool.
        """
        now = self._clock()
        async with self._sessions() as session, session.begin():
            repo = PenpalRepository(session)
            profile = await repo.profile(guild_id, user_id)
            if profile is None or profile.status is PenpalStatus.LEFT:
                return None
            profile.status = PenpalStatus.LEFT
            profile.queued_since = None
            proposal = await repo.pending_proposal_of(profile.id)
            front = []
            if proposal is not None:
                front = await close_proposal(
                    session, proposal, ProposalStatus.DECLINED, now=now, declined_by=user_id
                )
            pair = await repo.active_pair_of(guild_id, user_id)
            ended = await end_pair(session, pair, ended_by=user_id, now=now) if pair else None
            member = await MemberRepository(session).get_or_create(guild_id, user_id)
            member.penpal_contact_consent_at = None
        return Left(ended=ended, back_to_front=tuple(front))
