"""Selection (SPEC §5): the week's exchanges by cross-side engagement, balanced between sides."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.digest.chart import WeekCounts
from bot.services.digest.highlights import (
    Engagement,
    ExchangeHighlight,
    Quote,
    SideStats,
    WeeklyHighlights,
)
from bot.services.digest.learning import select_learning, week_counts
from bot.services.digest.weeks import IsoWeek
from bot.services.discord_text import jump_url
from db.enums import Side
from db.models import DigestSchedule, Guild, RelayedMessage
from db.repositories.digest_community import DigestCommunityRepository
from db.repositories.digest_exchanges import (
    DigestExchangeRepository,
    ExchangeEngagement,
    ExchangeTexts,
)

DEFAULT_TIMEZONE = "Asia/Shanghai"
TOP_EXCHANGES = 6  # besides the question of the week


def balance(
    ranked: Iterable[ExchangeEngagement], slots: int
) -> tuple[ExchangeEngagement | None, list[ExchangeEngagement]]:
    """The question of the week, then ``slots`` top exchanges shared fairly between the sides.

    The question of the week is the best exchange that crossed sides (the best of all if none
    did). Counting it, each side gets half of the ``slots + 1`` places; places a side cannot fill
    go to the other side's next best.
    """
    by_side: dict[Side, list[ExchangeEngagement]] = {Side.EN: [], Side.ZH: []}
    for exchange in sorted(ranked, key=lambda e: e.rank_in_side):
        by_side[exchange.origin_side].append(exchange)
    candidates = [e for side in by_side.values() for e in side]
    if not candidates:
        return None, []
    crossing = [e for e in candidates if e.crosses_sides] or candidates
    best = max(crossing, key=lambda e: (e.score, -e.question_id))
    by_side[best.origin_side].remove(best)
    total = slots + 1
    share = {best.origin_side: total // 2 - 1, best.origin_side.other: total - total // 2}
    chosen: list[ExchangeEngagement] = []
    for side, exchanges in by_side.items():
        chosen += exchanges[: max(share[side], 0)]
        del exchanges[: max(share[side], 0)]
    leftovers = sorted(by_side[Side.EN] + by_side[Side.ZH], key=lambda e: (-e.score, e.question_id))
    chosen = (chosen + leftovers)[:slots]
    chosen.sort(key=lambda e: (-e.score, e.question_id))
    return best, chosen


class DigestPlanner:
    """Reads a week from the database and decides what the digest shows (no Discord types)."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], *, slots: int = TOP_EXCHANGES
    ) -> None:
        self._sessions = sessions
        self._slots = slots

    async def timezone_of(self, guild_id: int) -> str:
        """The time zone the guild's digest weeks are counted in."""
        async with self._sessions() as session:
            return await _digest_timezone(session, guild_id)

    async def chart_counts(self, guild_id: int, week: IsoWeek) -> tuple[WeekCounts, bool]:
        """The chart's numbers of ``week``, and whether the guild reads Traditional Chinese."""
        async with self._sessions() as session:
            guild = await session.get(Guild, guild_id)
            timezone = await _digest_timezone(session, guild_id)
            counts = await week_counts(session, guild_id, week, timezone)
        return counts, guild is not None and guild.prefer_traditional

    async def select_highlights(self, guild_id: int, week: IsoWeek) -> WeeklyHighlights:
        """The guild's highlights of ``week`` (counted in the digest's time zone).

        Opted-out members and deleted or forgotten messages never appear; an unknown guild
        gets an empty selection.
        """
        async with self._sessions() as session:
            guild = await session.get(Guild, guild_id)
            timezone = await _digest_timezone(session, guild_id)
            if guild is None:
                return WeeklyHighlights(guild_id, week, timezone, False, None)
            start, end = week.bounds_utc(timezone)
            hidden_by_default = guild.digest_opt_out_by_default
            exchanges = DigestExchangeRepository(session)
            ranked = await exchanges.ranked_exchanges(
                guild_id,
                start,
                end,
                per_side=self._slots + 1,
                opted_out_by_default=hidden_by_default,
            )
            best, top = balance(ranked, self._slots)
            chosen = [e for e in (best, *top) if e is not None]
            texts = await exchanges.exchange_texts(
                [e.question_id for e in chosen], end, opted_out_by_default=hidden_by_default
            )
            community = DigestCommunityRepository(session)
            pairs = await community.new_penpal_pairs(
                guild_id, start, end, opted_out_by_default=hidden_by_default
            )
            newcomers = await community.cat_tax_newcomers(
                guild_id, start, end, opted_out_by_default=hidden_by_default
            )
            numbers = await community.side_numbers(guild_id, start, end)
            learning = await select_learning(
                session, guild_id, start, end, opted_out_by_default=hidden_by_default
            )
        return WeeklyHighlights(
            guild_id=guild_id,
            week=week,
            timezone=timezone,
            prefer_traditional=guild.prefer_traditional,
            question_of_the_week=_highlight(guild_id, best, texts) if best else None,
            top_exchanges=[_highlight(guild_id, e, texts) for e in top],
            new_pairs=pairs,
            newcomers=newcomers,
            stats=[
                SideStats(n.side, n.asked, n.answered, n.median_answer_seconds) for n in numbers
            ],
            learning=learning,
        )


async def _digest_timezone(session: AsyncSession, guild_id: int) -> str:
    zone = await session.scalar(
        select(DigestSchedule.timezone).where(DigestSchedule.guild_id == guild_id)
    )
    return zone or DEFAULT_TIMEZONE


def _highlight(
    guild_id: int, exchange: ExchangeEngagement, texts: dict[int, ExchangeTexts]
) -> ExchangeHighlight:
    found = texts[exchange.question_id]
    question, opening = found.question, found.opening
    return ExchangeHighlight(
        question_id=question.id,
        question=Quote(
            side=question.origin_side,
            author_name=opening.author_name if opening else "",
            original=question.body or question.title,
            translation=_translation(opening),
            # A question links to its thread on each side: the whole exchange, and a link
            # that works for text-channel and forum threads alike.
            origin_url=_thread_url(guild_id, question.origin_thread_id),
            mirror_url=_thread_url(guild_id, question.mirror_thread_id),
        ),
        engagement=Engagement(
            en_messages=exchange.en_messages,
            zh_messages=exchange.zh_messages,
            participants=exchange.participants,
            reactions=exchange.origin_reactions + exchange.mirror_reactions,
            score=exchange.score,
        ),
        best_answer=_reply_quote(guild_id, found.best_answer) if found.best_answer else None,
    )


def _thread_url(guild_id: int, thread_id: int | None) -> str | None:
    return jump_url(guild_id, thread_id) if thread_id else None


def _mirror_url(guild_id: int, relay: RelayedMessage | None) -> str | None:
    if relay is None or relay.mirror_message_id is None:
        return None
    return jump_url(
        guild_id, relay.mirror_thread_id or relay.mirror_channel_id, relay.mirror_message_id
    )


def _reply_quote(guild_id: int, reply: RelayedMessage) -> Quote:
    return Quote(
        side=reply.origin_side,
        author_name=reply.author_name,
        original=reply.original_text,
        translation=_translation(reply),
        origin_url=jump_url(
            guild_id, reply.origin_thread_id or reply.origin_channel_id, reply.origin_message_id
        ),
        mirror_url=_mirror_url(guild_id, reply),
    )


def _translation(relay: RelayedMessage | None) -> str | None:
    # A low-confidence translation is not quoted as if it were right: the original stands alone.
    if relay is None or relay.low_confidence:
        return None
    return relay.translated_text
