"""Where words are stored: every text column of every table, searched for given strings."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import JSON, Enum, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession

import db.models  # noqa: F401 - registers every table on the metadata
from db.base import Base


def text_columns() -> set[tuple[str, str]]:
    """(table, column) of every column that can hold words: strings, texts, JSON.
    Enums are strings of a fixed vocabulary, not anyone's words."""
    return {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, String | Text | JSON) and not isinstance(column.type, Enum)
    }


async def found_in_tables(session: AsyncSession, needles: Iterable[str]) -> list[str]:
    """``table.column: needle`` for every stored value that contains one of ``needles``."""
    wanted = list(needles)
    hits: list[str] = []
    for table_name, column_name in sorted(text_columns()):
        column = Base.metadata.tables[table_name].c[column_name]
        for value in (await session.execute(select(column))).scalars():
            if value is None:
                continue
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            hits += [f"{table_name}.{column_name}: {n}" for n in wanted if n in text]
    return hits
