"""Pen-pal proposals: run the matcher, then mutual opt-in (accept both, or back to the queue).

Discord-free. Each proposal goes to both members as a ``ProposalCard``; contact starts only
when both accept (``Answer.pair`` is then set and the caller opens the private space:
``bot.services.penpal.opening``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.language.translator import GuildTranslator
from bot.services.penpal.matching import Candidate, Match, OffLoopMatcher
from bot.services.penpal.queue import close_proposal
from bot.translation.languages import Reader
from db.clock import Clock, utcnow
from db.enums import PenpalLevel, ProposalStatus, Side
from db.models import Guild, PenpalPair, PenpalProfile, PenpalProposal
from db.repositories.guild import GuildRepository
from db.repositories.penpal import PenpalRepository, QueuedProfile
from db.repositories.penpal_safety import PenpalSafetyRepository
from db.shards import ShardScope


@dataclass(frozen=True)
class ProposalCard:
    """What one member is shown about the proposed partner."""

    proposal_id: int
    guild_id: int
    recipient_id: int
    recipient_side: Side
    partner_id: int
    partner_level: PenpalLevel
    partner_interests: tuple[str, ...]
    partner_timezone: str
    partner_local_time: str  # "HH:MM" in the partner's zone, when the card is made
    partner_intro: str
    partner_intro_translated: str | None  # into the recipient's language, when it differs
    expires_at: datetime


@dataclass(frozen=True)
class PairOpened:
    """Both accepted: where the private conversation must be opened."""

    pair_id: int
    guild_id: int
    en_user_id: int
    zh_user_id: int
    en_channel_id: int | None
    zh_channel_id: int | None


class AnswerKind(StrEnum):
    NOT_YOURS = "not_yours"
    CLOSED = "closed"  # already declined, expired or accepted
    WAITING = "waiting"  # accepted; the partner has not answered yet
    PAIRED = "paired"
    DECLINED = "declined"


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    pair: PairOpened | None = None
    back_to_front: tuple[int, ...] = ()  # members returned to the front of the queue


def local_time(zone: str, now: datetime) -> str:
    return now.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def _candidate(profile: QueuedProfile) -> Candidate:
    return Candidate(
        profile_id=profile.id,
        user_id=profile.user_id,
        side=profile.side,
        level=profile.level,
        interests=frozenset(profile.interests),
        timezone=profile.timezone,
        waiting_since=profile.queued_since,
    )


def _same_place(places: dict[int, tuple[Side, datetime]], member: Candidate) -> bool:
    """Still waiting exactly as when the pool was read (same side, same place in the queue)."""
    return places.get(member.profile_id) == (member.side, member.waiting_since)


class PenpalProposalService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        translator: GuildTranslator | None,
        *,
        proposal_lifetime: timedelta,
        clock: Clock = utcnow,
        matcher: OffLoopMatcher | None = None,
        shards: ShardScope | None = None,
    ) -> None:
        self._sessions = sessions
        # The scheduled run matches and expires only these shards' guilds (None: all).
        self._shards = shards
        # Built by the composition root (it owns the worker process); a thread-only default.
        self._matcher = matcher or OffLoopMatcher()
        self._translator = translator
        self._lifetime = proposal_lifetime
        self._clock = clock

    async def guilds_to_match(self) -> list[int]:
        """Guilds with members waiting (the scheduled run visits these)."""
        async with self._sessions() as session:
            repo = PenpalRepository(session)
            return list(await repo.guilds_with_waiting_members(self._shards))

    async def match(self, guild_id: int) -> list[ProposalCard]:
        """Propose pairs among the waiting members; returns one card per member to notify.

        Never a past pair, a declined proposal or a block (either way); paused members and
        members already proposed or paired are not in the pool. Nothing happens until the
        guild's pen-pal channels are configured.

        The pool is read in a short session, solved off the event loop outside any
        transaction, and written in a short locked one that drops pairs whose members
        meanwhile left the queue, got proposed or paired, or blocked each other (their
        partners wait for the next run).
        """
        now = self._clock()
        pool = await self._read_pool(guild_id)
        if pool is None:
            return []
        english, chinese, excluded = pool
        matches = await self._matcher.match(english, chinese, now=now, excluded=excluded)
        proposal_ids = await self._propose(guild_id, matches, now)
        cards: list[ProposalCard] = []
        for proposal_id in proposal_ids:
            cards.extend(await self.cards(proposal_id))
        return cards

    async def _read_pool(
        self, guild_id: int
    ) -> tuple[list[Candidate], list[Candidate], set[tuple[int, int]]] | None:
        """Both sides' waiting members and the pairs that may never happen; None: nothing to do."""
        async with self._sessions() as session:
            guild = await session.get(Guild, guild_id)
            if guild is None or not (guild.penpal_en_channel_id and guild.penpal_zh_channel_id):
                return None
            repo = PenpalRepository(session)
            english: list[Candidate] = []
            chinese: list[Candidate] = []
            async for profiles in repo.waiting_pool(guild_id):
                for profile in profiles:
                    (english if profile.side is Side.EN else chinese).append(_candidate(profile))
            if not english or not chinese:
                return None
            excluded = await repo.past_pairs(guild_id) | await repo.declined_pairs(guild_id)
            excluded |= await PenpalSafetyRepository(session).blocked_pairs(guild_id)
        return english, chinese, excluded

    async def _propose(self, guild_id: int, matches: list[Match], now: datetime) -> list[int]:
        """Write the proposals still valid now (locked, re-checked); returns their ids."""
        if not matches:
            return []
        async with self._sessions() as session, session.begin():
            # Two processes matching one guild at once would propose the same members twice.
            guild = await GuildRepository(session).lock(guild_id)
            if guild is None or not (guild.penpal_en_channel_id and guild.penpal_zh_channel_id):
                return []
            repo = PenpalRepository(session)
            places = await repo.queue_places(guild_id)
            blocked = await PenpalSafetyRepository(session).blocked_pairs(guild_id)
            still_valid = [
                (m.en.profile_id, m.zh.profile_id)
                for m in matches
                if _same_place(places, m.en)
                and _same_place(places, m.zh)
                and (m.en.user_id, m.zh.user_id) not in blocked
            ]
            return await repo.add_proposals(guild_id, still_valid, expires_at=now + self._lifetime)

    async def cards(self, proposal_id: int) -> list[ProposalCard]:
        """The two cards of a proposal: each member sees the other."""
        async with self._sessions() as session:
            proposal = await PenpalRepository(session).proposal(proposal_id)
            assert proposal is not None
            en = await session.get(PenpalProfile, proposal.en_profile_id)
            zh = await session.get(PenpalProfile, proposal.zh_profile_id)
            assert en is not None and zh is not None
        return [await self._card(proposal, en, zh), await self._card(proposal, zh, en)]

    async def _card(
        self, proposal: PenpalProposal, recipient: PenpalProfile, partner: PenpalProfile
    ) -> ProposalCard:
        translated = None
        if self._translator is not None and partner.intro:
            # The server's glossary applies; the recipient alone reads it (no server script).
            result = await self._translator.for_reader(
                partner.intro,
                proposal.guild_id,
                Reader.for_side(recipient.side),
                prior=partner.side,
            )
            translated = result.text if result.is_translation else None
        return ProposalCard(
            proposal_id=proposal.id,
            guild_id=proposal.guild_id,
            recipient_id=recipient.user_id,
            recipient_side=recipient.side,
            partner_id=partner.user_id,
            partner_level=partner.level,
            partner_interests=tuple(partner.interests),
            partner_timezone=partner.timezone,
            partner_local_time=local_time(partner.timezone, self._clock()),
            partner_intro=partner.intro,
            partner_intro_translated=translated,
            expires_at=proposal.expires_at,
        )

    async def answer(self, proposal_id: int, user_id: int, *, accept: bool) -> Answer:
        """A member's Accept or Decline. The pair opens when the second accept arrives."""
        now = self._clock()
        async with self._sessions() as session, session.begin():
            # Locked: two accepts at once (PostgreSQL) must not both see "waiting".
            proposal = await session.get(PenpalProposal, proposal_id, with_for_update=True)
            if proposal is None:
                return Answer(AnswerKind.CLOSED)
            en = await session.get(PenpalProfile, proposal.en_profile_id)
            zh = await session.get(PenpalProfile, proposal.zh_profile_id)
            assert en is not None and zh is not None
            if user_id not in (en.user_id, zh.user_id):
                return Answer(AnswerKind.NOT_YOURS)
            if proposal.status is not ProposalStatus.PENDING or proposal.expires_at <= now:
                return Answer(AnswerKind.CLOSED)
            if not accept:
                front = await close_proposal(
                    session, proposal, ProposalStatus.DECLINED, now=now, declined_by=user_id
                )
                return Answer(AnswerKind.DECLINED, back_to_front=tuple(front))
            if user_id == en.user_id:
                proposal.en_accepted = True
            else:
                proposal.zh_accepted = True
            if not (proposal.en_accepted and proposal.zh_accepted):
                return Answer(AnswerKind.WAITING)
            pair = await self._open_pair(session, proposal, en, zh, now)
        return Answer(AnswerKind.PAIRED, pair=pair)

    async def _open_pair(
        self,
        session: AsyncSession,
        proposal: PenpalProposal,
        en: PenpalProfile,
        zh: PenpalProfile,
        now: datetime,
    ) -> PairOpened:
        proposal.status = ProposalStatus.ACCEPTED
        en.queued_since = zh.queued_since = None
        pair = await PenpalRepository(session).add_pair(
            PenpalPair(
                guild_id=proposal.guild_id,
                proposal_id=proposal.id,
                en_user_id=en.user_id,
                zh_user_id=zh.user_id,
                started_at=now,
            )
        )
        guild = await GuildRepository(session).get_or_create(proposal.guild_id)
        return PairOpened(
            pair.id,
            proposal.guild_id,
            en.user_id,
            zh.user_id,
            guild.penpal_en_channel_id,
            guild.penpal_zh_channel_id,
        )

    async def expire_due(self) -> list[int]:
        """Close proposals nobody finished answering in time; returns users back at the front."""
        now = self._clock()
        front: list[int] = []
        async with self._sessions() as session, session.begin():
            repo = PenpalRepository(session)
            for proposal in await repo.claim_expired_proposals(now, self._shards):
                front += await close_proposal(session, proposal, ProposalStatus.EXPIRED, now=now)
        return front
