"""Which shard a guild lives on, in Python and in SQL (issue 13: one process per cluster).

Discord puts guild ``g`` on shard ``(g >> 22) % shard_count``; a process that runs some of the
shards works only on those guilds' rows, so every sweep filters by this same formula. The
shift and the modulo are plain integer SQL on both SQLite and PostgreSQL (ids are BIGINT).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from sqlalchemy import BigInteger, ColumnElement, literal_column, true, type_coerce
from sqlalchemy.orm import InstrumentedAttribute

GuildIdColumn = Union[ColumnElement[int], InstrumentedAttribute[int]]  # noqa: UP007
# A snowflake's low 22 bits are worker, process and increment: the shard uses the timestamp.
SNOWFLAKE_TIMESTAMP_SHIFT = 22


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord connects ``guild_id`` through."""
    return (guild_id >> SNOWFLAKE_TIMESTAMP_SHIFT) % shard_count


def shard_expression(guild_id: GuildIdColumn, shard_count: int) -> ColumnElement[int]:
    """``shard_of`` as SQL over a guild id column."""
    # Written inline: PostgreSQL shifts a BIGINT by an INTEGER only (a bind would be BIGINT).
    shift: ColumnElement[int] = literal_column(str(SNOWFLAKE_TIMESTAMP_SHIFT))
    shifted = type_coerce(guild_id.op(">>")(shift), BigInteger)
    return shifted % shard_count


@dataclass(frozen=True)
class ShardScope:
    """The shards this process runs, out of ``count``."""

    count: int
    ids: frozenset[int]

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def covers(self, guild_id: GuildIdColumn) -> ColumnElement[bool]:
        return shard_expression(guild_id, self.count).in_(sorted(self.ids))


def in_scope(guild_id: GuildIdColumn, scope: ShardScope | None) -> ColumnElement[bool]:
    """Rows of the guilds ``scope`` covers; every row when the process runs all shards."""
    return true() if scope is None else scope.covers(guild_id)
