"""Declarative base, shared column types and conventions for every model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Any

from sqlalchemy import BigInteger, DateTime, Dialect, Enum, Integer, MetaData, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.clock import utcnow

# Deterministic constraint names keep Alembic diffs stable and let later migrations drop
# constraints by name (SQLite batch mode needs names too).
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always binds UTC and always returns aware UTC values.

    SQLite has no time zone type and hands back naive values; PostgreSQL returns aware ones in
    the session time zone. Normalising here means callers can compare values from either backend.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Yiqi stores aware UTC datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Discord ids are 64-bit snowflakes.
Snowflake = Annotated[int, mapped_column(BigInteger)]

# Surrogate keys: BIGINT on PostgreSQL, but INTEGER on SQLite, where only "INTEGER PRIMARY KEY"
# is an auto-incrementing rowid alias.
SurrogateKey = Annotated[
    int,
    mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
]


def str_enum(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: the member *values* stored as VARCHAR guarded by a CHECK."""
    return Enum(
        enum_class,
        name=name,
        # Room for values added later without widening the column.
        length=16,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    """Base class of every Yiqi table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UtcDateTime()}  # noqa: RUF012


class TimestampMixin:
    """``created_at`` / ``updated_at`` maintained on the Python side, in UTC."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
