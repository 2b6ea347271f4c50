"""A member's data (SPEC §6): what Yiqi stores about them, an export, forgetting, digest opt-out.

Everything is per guild: members are keyed by (guild, user) and the commands run in a guild,
so a member exports or forgets what one server's Yiqi keeps, not other servers' data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.base import DatabaseService
from bot.services.memory.showing import forget_member as forget_improvements
from bot.services.privacy import export as as_json
from bot.services.privacy.export import JsonObject
from bot.services.relay.removal import mark_requoted
from bot.translation.cache import text_hash
from db.clock import Clock, utcnow
from db.enums import Side
from db.models import Member, PenpalProfile, Question, RelayedMessage
from db.models.authored_text import question_texts
from db.repositories.corrections import CorrectionRepository
from db.repositories.guild import GuildRepository
from db.repositories.member import MemberRepository
from db.repositories.memory import MemoryRepository
from db.repositories.privacy import PrivacyRepository
from db.repositories.translation_cache import TranslationCacheRepository

# The engine's own translation cache forgets these source texts (sha256 hex).
ForgetTranslations = Callable[[Collection[str]], Awaitable[int]]


@dataclass(frozen=True)
class MirrorRef:
    """A message Yiqi posted through its webhook, in ``thread_id`` if it belongs to a thread.

    A question's mirror opens its thread, so its ``message_id`` equals ``thread_id``.
    """

    channel_id: int
    thread_id: int | None
    message_id: int


@dataclass(frozen=True)
class QuestionThread:
    """A thread Yiqi opened and named after one of the member's questions."""

    thread_id: int
    side: Side
    answered: bool


@dataclass(frozen=True)
class Kept:
    """What ``forget`` leaves, for the member to be told: moderators' pen-pal reports (made
    by or about them, with their transcript) and weekly digests already posted."""

    reports: int = 0
    digests_posted: int = 0


@dataclass(frozen=True)
class ForgetPlan:
    """What ``forget`` removed from the database, and what is left to do on Discord.

    ``mirrors`` are to be deleted; ``question_threads`` carry the question's title as their
    name and are to be renamed (they stay: other members' replies live in them).
    ``question_posts`` are the first posts of the member's questions on their own side: the
    ones ``/ask`` made are Yiqi's webhook posts and are to be deleted too; a post the member
    wrote themselves is theirs, and Yiqi's webhook cannot delete it (Discord answers Unknown
    Message), so trying is safe.
    """

    mirrors: tuple[MirrorRef, ...]
    question_threads: tuple[QuestionThread, ...]
    relayed_messages_deleted: int
    questions_blanked: int
    question_posts: tuple[MirrorRef, ...] = ()
    requoted: tuple[int, ...] = ()  # other members' relays whose mirrors quoted the member
    kept: Kept = Kept()
    # Correction cards Yiqi posted (its own messages) for corrections the member gave or got.
    cards: tuple[MirrorRef, ...] = ()
    # Other members' relays whose mirrors showed an improvement by or of the member: they
    # render the model's translation again.
    unimproved: tuple[int, ...] = ()


def _mirror_parts(relay: RelayedMessage) -> list[MirrorRef]:
    """Every message of the relay's mirror (a long one has several)."""
    if relay.mirror_message_id is None or relay.is_deleted:
        return []  # never posted, or already removed with its original
    parts = [relay.mirror_message_id, *relay.continuation_ids]
    return [MirrorRef(relay.mirror_channel_id, relay.mirror_thread_id, part) for part in parts]


def _question_post(question: Question) -> MirrorRef | None:
    if question.origin_message_id is None:
        return None
    return MirrorRef(
        question.origin_channel_id, question.origin_thread_id, question.origin_message_id
    )


def _threads(question: Question) -> list[QuestionThread]:
    sides = (
        (question.origin_thread_id, question.origin_side),
        (question.mirror_thread_id, question.origin_side.other),
    )
    return [
        QuestionThread(thread, side, question.is_answered)
        for thread, side in sides
        if thread is not None
    ]


def _texts(
    questions: list[Question], relays: list[RelayedMessage], profile: PenpalProfile | None
) -> set[str]:
    """Every text the member's rows hold now, as the translator was given them."""
    texts = {r.original_text for r in relays}
    for q in questions:
        texts.update(question_texts(q.title, q.body))
        texts.add(q.pivot_text_en or "")
    if profile is not None:
        texts.add(profile.intro)
    return {t for t in texts if t.strip()}  # a blanked question leaves "\n"


async def _text_hashes(
    repo: PrivacyRepository,
    guild_id: int,
    user_id: int,
    *,
    questions: list[Question],
    relays: list[RelayedMessage],
    profile: PenpalProfile | None,
) -> set[str]:
    """Fingerprints of the member's texts: those their rows hold now, and every version
    recorded before (an edited reply's earlier words)."""
    hashes = {text_hash(t) for t in _texts(questions, relays, profile)}
    return hashes | await repo.authored_hashes(guild_id, user_id)


def _message_ids(relays: list[RelayedMessage]) -> set[int]:
    """Every Discord message of the member's relays: a reply to any of them quotes them."""
    ids = {r.origin_message_id for r in relays}
    ids.update(m.message_id for r in relays for m in _mirror_parts(r))
    ids.update(r.mirror_message_id for r in relays if r.mirror_message_id is not None)
    return ids


class PrivacyService(DatabaseService):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock = utcnow,
        forget_translations: ForgetTranslations | None = None,
    ) -> None:
        """``forget_translations``: the engine's own cache, for one kept in memory (the
        database's cache rows go in ``forget``'s transaction whatever the engine keeps)."""
        super().__init__(sessions, clock=clock)
        self._forget_translations = forget_translations

    async def export(self, guild_id: int, user_id: int) -> dict[str, Any]:
        """Everything stored about the member in this guild, as JSON-serialisable values.

        Pen-pal reports are exported without their transcript: it holds the partner's messages.
        """
        async with self._sessions() as session:
            repo = PrivacyRepository(session)
            member = await MemberRepository(session).get(guild_id, user_id)
            opted_out = await _digest_opt_out(session, guild_id, member)
            profile = await repo.penpal_profile(guild_id, user_id)
            cat_tax = await repo.cat_tax_entry(guild_id, user_id)
            questions = list(await repo.questions_asked(guild_id, user_id))
            relays = list(await repo.relays_written(guild_id, user_id))
            hashes = await _text_hashes(
                repo, guild_id, user_id, questions=questions, relays=relays, profile=profile
            )
            proposals: list[as_json.JsonObject] = []
            if profile is not None:
                proposals = [
                    as_json.penpal_proposal(p, profile.id)
                    for p in await repo.penpal_proposals(profile.id)
                ]
            return {
                "about": as_json.ABOUT,
                "generated_at": self._clock().isoformat(),
                "guild_id": str(guild_id),
                "user_id": str(user_id),
                "member": (
                    as_json.member_settings(member, digest_opt_out=opted_out) if member else None
                ),
                "questions": [as_json.question(q) for q in questions],
                "relayed_messages": [as_json.relayed_message(r) for r in relays],
                "penpal": {
                    "profile": as_json.penpal_profile(profile) if profile else None,
                    "pairs": [
                        as_json.penpal_pair(p, user_id)
                        for p in await repo.penpal_pairs(guild_id, user_id)
                    ],
                    "proposals": proposals,
                    "blocks_made": [
                        as_json.penpal_block(b)
                        for b in await repo.penpal_blocks_made(guild_id, user_id)
                    ],
                    "reports_made": [
                        as_json.penpal_report(r)
                        for r in await repo.penpal_reports_made(guild_id, user_id)
                    ],
                    # Who reported, and why, stays with the moderators (the reporter's safety).
                    "reports_about_you": len(await repo.penpal_reports_about(guild_id, user_id)),
                },
                "cat_tax": as_json.cat_tax(cat_tax) if cat_tax else None,
                "glossary_terms_added": [
                    as_json.glossary_term(t)
                    for t in await repo.glossary_terms_added(guild_id, user_id)
                ],
                "bridges_created": await repo.bridges_created(guild_id, user_id),
                "questions_marked_answered": await repo.questions_answered(guild_id, user_id),
                **await _corrections_export(session, guild_id, user_id),
                "text_fingerprints": sorted(hashes),
                "cached_translations": [
                    as_json.cached_translation(c) for c in await repo.cached_translations(hashes)
                ],
                "translation_improvements": [
                    as_json.memory_entry(e, user_id)
                    for e in await MemoryRepository(session).of_member(guild_id, user_id)
                ],
            }

    async def forget(self, guild_id: int, user_id: int) -> ForgetPlan:
        """Delete the member's stored content in this guild, in one transaction.

        Deleted: their relayed messages (original and translation), the text of their
        questions (title, body, English pivot), their settings, pen-pal profile and intro (and
        its open proposals), cat-tax entry, the fingerprints of every text they wrote, and the
        cached translations of all of those texts, earlier versions included (``AuthoredText``)
        — in the database and in the engine's own cache. Other members' relays that reply to
        them are made due again (``requoted``): their mirrors are re-rendered without the
        quote, through the relay's worker, so a failed edit is retried by its sweep.
        Kept (``kept``, told to the member): their question rows with empty text, so other
        members' replies keep their thread; other members' messages; pen-pal pairs and blocks
        (so nobody is matched again with someone they left or blocked); pen-pal reports made
        by or about them (moderation records); weekly digests already posted; a digest
        opt-out, so forgetting never opts anyone back in. The returned mirrors are Yiqi's
        copies on Discord, for the caller to delete, and so are the posts ``/ask`` made as the
        member (among ``question_posts``).
        """
        async with self._sessions() as session, session.begin():
            repo = PrivacyRepository(session)
            members = MemberRepository(session)
            member = await members.get(guild_id, user_id)
            kept_opt_out = member is not None and member.digest_opt_out is True
            questions = list(await repo.questions_asked(guild_id, user_id))
            relays = list(await repo.relays_written(guild_id, user_id))
            profile = await repo.penpal_profile(guild_id, user_id)
            cards, card_mirrors = await _forget_corrections(session, guild_id, user_id)
            # Replies to a card quote it (and the corrected words): their mirrors are redone.
            card_ids = {c.message_id for c in (*cards, *card_mirrors)}
            relays = [r for r in relays if r.correction_id is None]  # deleted with the card
            mirrors = (*card_mirrors, *(m for r in relays for m in _mirror_parts(r)))
            threads = tuple(t for q in questions for t in _threads(q))
            # Every time, not only the first: a post whose deletion failed is tried again.
            posts = tuple(p for q in questions if (p := _question_post(q)) is not None)
            hashes = await _text_hashes(
                repo, guild_id, user_id, questions=questions, relays=relays, profile=profile
            )
            quoting = await repo.relays_replying_to(
                guild_id, _message_ids(relays) | card_ids, user_id
            )

            deleted = await repo.delete_relays(r.id for r in relays)
            # Read after the delete: their mirrors render again without the quote.
            requote = tuple(r.id for r in quoting if mark_requoted(r, self._clock()))
            blanked = await repo.blank_questions(guild_id, user_id)
            unimproved = await forget_improvements(session, guild_id, user_id, self._clock)
            await repo.delete_member_rows(guild_id, user_id)
            await repo.delete_authored(guild_id, user_id)
            await TranslationCacheRepository(session).delete_texts(hashes)
            if kept_opt_out:
                await members.set_digest_opt_out(
                    guild_id, user_id, opted_out=True, now=self._clock()
                )
            kept = Kept(
                reports=len(await repo.penpal_reports_made(guild_id, user_id))
                + len(await repo.penpal_reports_about(guild_id, user_id)),
                digests_posted=await repo.digests_posted(guild_id),
            )
        if self._forget_translations is not None:
            await self._forget_translations(hashes)
        return ForgetPlan(
            mirrors, threads, deleted, blanked, posts, requote, kept, cards, unimproved=unimproved
        )

    async def set_digest_opt_out(self, guild_id: int, user_id: int, opted_out: bool) -> None:
        """Keep the member out of (True) or in (False) the weekly digest, overriding the default."""
        async with self._sessions() as session, session.begin():
            await MemberRepository(session).set_digest_opt_out(
                guild_id, user_id, opted_out=opted_out, now=self._clock()
            )

    async def digest_opted_out(self, guild_id: int, user_id: int) -> bool:
        """Whether the member stays out of the digest: their own choice, else the guild's."""
        async with self._sessions() as session:
            member = await MemberRepository(session).get(guild_id, user_id)
            return await _digest_opt_out(session, guild_id, member)


async def _forget_corrections(
    session: AsyncSession, guild_id: int, user_id: int
) -> tuple[tuple[MirrorRef, ...], tuple[MirrorRef, ...]]:
    """Delete the corrections the member gave or received (theirs both ways); returns the
    cards to delete (Yiqi's own messages) and the cards' mirrors (webhook posts)."""
    repo = CorrectionRepository(session)
    corrections = list(await repo.involving(guild_id, user_id))
    relays = {r.correction_id: r for r in await repo.card_relays([c.id for c in corrections])}
    cards, mirrors = [], []
    for correction in corrections:
        relay = relays.get(correction.id)
        if relay is not None:
            mirrors.extend(_mirror_parts(relay))
        if correction.card_message_id is not None:
            place = correction.channel_id
            if relay is not None:
                place = relay.origin_thread_id or relay.origin_channel_id
            cards.append(MirrorRef(place, None, correction.card_message_id))
    await repo.delete([c.id for c in corrections])
    return tuple(cards), tuple(mirrors)


async def _corrections_export(session: AsyncSession, guild_id: int, user_id: int) -> JsonObject:
    corrections = await CorrectionRepository(session).involving(guild_id, user_id)
    return {
        "corrections_received": [
            as_json.correction(c) for c in corrections if c.learner_id == user_id
        ],
        "corrections_given": [
            as_json.correction(c) for c in corrections if c.corrector_id == user_id
        ],
    }


async def _digest_opt_out(session: AsyncSession, guild_id: int, member: Member | None) -> bool:
    if member is not None and member.digest_opt_out is not None:
        return member.digest_opt_out
    guild = await GuildRepository(session).get(guild_id)
    return guild is not None and guild.digest_opt_out_by_default
