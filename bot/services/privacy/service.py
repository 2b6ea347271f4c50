"""A member's data (SPEC §6): what Yiqi stores about them, an export, forgetting, digest opt-out.

Everything is per guild: members are keyed by (guild, user) and the commands run in a guild,
so a member exports or forgets what one server's Yiqi keeps, not other servers' data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.base import DatabaseService
from bot.services.privacy import export as as_json
from bot.translation.cache import text_hash
from db.enums import Side
from db.models import Member, Question, RelayedMessage
from db.repositories.guild import GuildRepository
from db.repositories.member import MemberRepository
from db.repositories.privacy import PrivacyRepository


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


def _texts(questions: list[Question], relays: list[RelayedMessage]) -> set[str]:
    texts = {r.original_text for r in relays}
    texts.update(t for q in questions for t in (q.title, q.body))
    return {t for t in texts if t}


class PrivacyService(DatabaseService):
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
            return {
                "about": as_json.ABOUT,
                "generated_at": self._clock().isoformat(),
                "guild_id": str(guild_id),
                "user_id": str(user_id),
                "member": (
                    as_json.member_settings(member, digest_opt_out=opted_out) if member else None
                ),
                "questions": [
                    as_json.question(q) for q in await repo.questions_asked(guild_id, user_id)
                ],
                "relayed_messages": [
                    as_json.relayed_message(r) for r in await repo.relays_written(guild_id, user_id)
                ],
                "penpal": {
                    "profile": as_json.penpal_profile(profile) if profile else None,
                    "pairs": [
                        as_json.penpal_pair(p, user_id)
                        for p in await repo.penpal_pairs(guild_id, user_id)
                    ],
                    "blocks_made": [
                        as_json.penpal_block(b)
                        for b in await repo.penpal_blocks_made(guild_id, user_id)
                    ],
                    "reports_made": [
                        as_json.penpal_report(r)
                        for r in await repo.penpal_reports_made(guild_id, user_id)
                    ],
                },
                "cat_tax": as_json.cat_tax(cat_tax) if cat_tax else None,
            }

    async def forget(self, guild_id: int, user_id: int) -> ForgetPlan:
        """Delete the member's stored content in this guild, in one transaction.

        Deleted: their relayed messages (original and translation), the text of their
        questions, their settings, pen-pal profile (and its open proposals), cat-tax entry,
        and cached translations of their texts. Kept: their question rows with empty text, so
        other members' replies keep their thread; other members' messages; pen-pal pairs and
        blocks (so nobody is matched again with someone they left or blocked); reports they
        made (moderation records); a digest opt-out, so forgetting never opts anyone back in.
        The returned mirrors are Yiqi's copies on Discord, for the caller to delete, and so are
        the posts ``/ask`` made as the member (among ``question_posts``).
        """
        async with self._sessions() as session, session.begin():
            repo = PrivacyRepository(session)
            members = MemberRepository(session)
            member = await members.get(guild_id, user_id)
            kept_opt_out = member is not None and member.digest_opt_out is True
            questions = list(await repo.questions_asked(guild_id, user_id))
            relays = list(await repo.relays_written(guild_id, user_id))
            mirrors = tuple(m for r in relays for m in _mirror_parts(r))
            threads = tuple(t for q in questions for t in _threads(q))
            # Every time, not only the first: a post whose deletion failed is tried again.
            posts = tuple(p for q in questions if (p := _question_post(q)) is not None)
            texts = _texts(questions, relays)

            deleted = await repo.delete_relays(r.id for r in relays)
            blanked = await repo.blank_questions(guild_id, user_id)
            await repo.delete_member_rows(guild_id, user_id)
            await repo.delete_cached_translations(text_hash(t) for t in texts)
            if kept_opt_out:
                await members.set_digest_opt_out(
                    guild_id, user_id, opted_out=True, now=self._clock()
                )
        return ForgetPlan(mirrors, threads, deleted, blanked, posts)

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


async def _digest_opt_out(session: AsyncSession, guild_id: int, member: Member | None) -> bool:
    if member is not None and member.digest_opt_out is not None:
        return member.digest_opt_out
    guild = await GuildRepository(session).get(guild_id)
    return guild is not None and guild.digest_opt_out_by_default
