"""A synthetic busy week for the digest benchmark, written with bulk inserts (SQLite) or COPY.

Guild 1's week holds ``exchanges`` questions of ``messages_per_exchange`` relayed messages each
(the opening post and its replies, both sides, some deleted, reactions on some); another guild
and guild 1's previous week add history the selection must skip through its indexes.
Seeding speed is not what the benchmark measures, only that it is quick enough to run.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg  # type: ignore[import-untyped]

GUILD = 1
OTHER_GUILD = 2
USERS = 20_000
OPTED_OUT_EVERY = 97  # about 1% of members opted out of the digest
DELETED_EVERY = 53  # about 2% of messages deleted

QUESTION_COLUMNS = (
    "id",
    "guild_id",
    "asker_id",
    "origin_side",
    "title",
    "body",
    "origin_channel_id",
    "origin_thread_id",
    "origin_message_id",
    "mirror_channel_id",
    "mirror_thread_id",
    "answered_at",
    "created_at",
    "updated_at",
)
RELAY_COLUMNS = (
    "id",
    "guild_id",
    "question_id",
    "origin_side",
    "author_id",
    "author_name",
    "origin_message_id",
    "origin_channel_id",
    "origin_thread_id",
    "mirror_channel_id",
    "mirror_thread_id",
    "mirror_message_id",
    "original_text",
    "translated_text",
    "low_confidence",
    "status",
    "attempts",
    "is_edited",
    "is_deleted",
    "origin_reaction_count",
    "mirror_reaction_count",
    "created_at",
    "updated_at",
)
MEMBER_COLUMNS = ("guild_id", "user_id", "digest_opt_out", "created_at", "updated_at")
_TEXT = {
    "en": "Does every rural American family really have a big farm? Asking for a friend.",
    "zh": "大家好！请问美国人真的需要打两份工吗？我很好奇。",
}


@dataclass(frozen=True)
class WeekShape:
    exchanges: int = 100_000
    messages_per_exchange: int = 10
    start: datetime = datetime(2025, 1, 12, 16, 0, tzinfo=UTC)  # 2025-W03, Asia/Shanghai
    # Per extra (guild, week) — another guild's week, guild 1's previous week — shorter
    # exchanges: history the selection must skip, twice as many questions as the week has.
    history_exchanges: int = 100_000
    history_messages_per_exchange: int = 3

    @property
    def messages(self) -> int:
        return self.exchanges * self.messages_per_exchange


@dataclass
class SyntheticWeek:
    questions: list[tuple[Any, ...]]
    relays: list[tuple[Any, ...]]
    members: list[tuple[Any, ...]]


def build(shape: WeekShape, seed: int = 7) -> SyntheticWeek:
    """Every row of the synthetic data set, as tuples in the column orders above."""
    rng = random.Random(seed)
    week = SyntheticWeek([], [], [])
    ids = _Ids()
    history = shape.history_messages_per_exchange
    blocks = (
        (GUILD, shape.start, shape.exchanges, shape.messages_per_exchange),
        (OTHER_GUILD, shape.start, shape.history_exchanges, history),
        (GUILD, shape.start - timedelta(days=7), shape.history_exchanges, history),
    )
    for guild, start, count, messages in blocks:
        for number in range(count):
            asked = start + timedelta(seconds=number * 7 * 86_400 / count)
            _exchange(week, ids, rng, guild, asked, messages)
    week.members = [
        (guild, user, True, shape.start, shape.start)
        for guild in (GUILD, OTHER_GUILD)
        for user in range(1, USERS + 1, OPTED_OUT_EVERY)
    ]
    return week


class _Ids:
    def __init__(self) -> None:
        self.question = 0
        self.relay = 0
        self.snowflake = 10**15

    def next_snowflake(self) -> int:
        self.snowflake += 1
        return self.snowflake


def _exchange(
    week: SyntheticWeek,
    ids: _Ids,
    rng: random.Random,
    guild: int,
    asked: datetime,
    messages: int,
) -> None:
    ids.question += 1
    side = "zh" if rng.random() < 0.6 else "en"  # more Chinese members than English ones
    other = "en" if side == "zh" else "zh"
    asker = rng.randrange(1, USERS + 1)
    thread, mirror_thread = ids.next_snowflake(), ids.next_snowflake()
    opening = ids.next_snowflake()
    answered = asked + timedelta(hours=3) if rng.random() < 0.4 else None
    week.questions.append(
        (
            *(ids.question, guild, asker, side, _TEXT[side][:90], _TEXT[side], 11, thread),
            *(opening, 12, mirror_thread, answered, asked, asked),
        )
    )
    for index in range(messages):
        ids.relay += 1
        author_side = side if index == 0 or rng.random() < 0.45 else other
        author = asker if index == 0 else rng.randrange(1, USERS + 1)
        message = opening if index == 0 else ids.next_snowflake()
        at = asked + timedelta(minutes=index * rng.randint(1, 20))
        on_origin = author_side == side
        translation = _TEXT[other if on_origin else side]
        week.relays.append(
            (ids.relay, guild, ids.question, author_side, author, f"user{author}", message)
            + ((11, thread, 12, mirror_thread) if on_origin else (12, mirror_thread, 11, thread))
            + (ids.next_snowflake(), _TEXT[author_side], translation, False, "delivered", 1)
            + (False, ids.relay % DELETED_EVERY == 0, rng.randrange(4), rng.randrange(4), at, at)
        )


def rows(week: SyntheticWeek) -> Iterator[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
    yield "questions", QUESTION_COLUMNS, week.questions
    yield "relayed_messages", RELAY_COLUMNS, week.relays
    yield "members", MEMBER_COLUMNS, week.members


def _sqlite_value(value: Any) -> Any:
    # The format SQLAlchemy's SQLite DateTime writes, so range comparisons stay textual.
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def seed_sqlite(path: str, week: SyntheticWeek) -> None:
    """Bulk-insert the rows into a migrated SQLite file (foreign keys off while loading)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.executemany(
            "INSERT INTO guilds (id, ui_locale, prefer_traditional, "
            "digest_opt_out_by_default, created_at, updated_at) "
            "VALUES (?, 'en', 0, 0, ?, ?)",
            [
                (g, "2025-01-01 00:00:00.000000", "2025-01-01 00:00:00.000000")
                for g in (GUILD, OTHER_GUILD)
            ],
        )
        for table, columns, data in rows(week):
            marks = ", ".join("?" for _ in columns)
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                ([_sqlite_value(v) for v in row] for row in data),
            )
        connection.commit()
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


async def seed_postgres(dsn: str, week: SyntheticWeek) -> None:
    """COPY the rows into a migrated PostgreSQL database, then VACUUM ANALYZE."""
    connection = await asyncpg.connect(dsn)
    try:
        now = datetime(2025, 1, 1, tzinfo=UTC)
        await connection.executemany(
            "INSERT INTO guilds (id, ui_locale, prefer_traditional, digest_opt_out_by_default, "
            "created_at, updated_at) "
            "VALUES ($1, 'en', false, false, $2, $2)",
            [(GUILD, now), (OTHER_GUILD, now)],
        )
        for table, columns, data in rows(week):
            await connection.copy_records_to_table(table, records=data, columns=list(columns))
        # A running database has been vacuumed: index-only scans need the visibility map.
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
