"""Translation cache: batched lookups and insert-or-ignore stores."""

from __future__ import annotations

import asyncio
import hashlib

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.engine import create_engine, create_sessionmaker
from db.models import TranslationCacheEntry
from db.repositories import TranslationCacheRepository
from db.repositories.translation_cache import KeyColumns
from tests.db.overlap import (
    DEADLINE_S,
    on_begin_immediate,
    trace_statements_started,
    until_a_postgres_backend_waits_on_a_lock,
)


def key(text: str, *, source: str = "zh", target: str = "en", model: str = "1.9") -> KeyColumns:
    return (hashlib.sha256(text.encode()).hexdigest(), source, target, model)


async def _count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(TranslationCacheEntry)) or 0


async def test_put_then_get_many_returns_only_exact_keys(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    cat_tax = key("猫税")
    async with session_factory() as session:
        await TranslationCacheRepository(session).put_many(
            [
                (cat_tax, "cat tax", False),
                (key("🐱🐱🐱"), "Zirconium", True),
            ]
        )
        await session.commit()

    async with session_factory() as session:
        found = await TranslationCacheRepository(session).get_many(
            [
                cat_tax,
                key("🐱🐱🐱"),
                key("猫税", model="2.0"),  # another model version: a miss
                key("猫税", source="en", target="zh"),  # another direction: a miss
                key("熊猫"),  # never stored
            ]
        )
    assert found == {
        cat_tax: ("cat tax", False),
        key("🐱🐱🐱"): ("Zirconium", True),
    }


async def test_put_many_keeps_the_first_translation_of_a_key(session: AsyncSession) -> None:
    cache = TranslationCacheRepository(session)
    await cache.put_many([(key("你好"), "hello", False)])
    # Already present, and duplicated within one batch: neither may raise.
    await cache.put_many(
        [
            (key("你好"), "hi", False),
            (key("谢谢"), "thanks", False),
            (key("谢谢"), "thank you", True),
        ]
    )
    await cache.put_many([])
    found = await cache.get_many([key("你好"), key("谢谢")])
    assert found[key("你好")] == ("hello", False)
    assert found[key("谢谢")] in {("thanks", False), ("thank you", True)}
    assert await _count(session) == 2


async def test_get_many_handles_batches_larger_than_one_query(session: AsyncSession) -> None:
    cache = TranslationCacheRepository(session)
    entries = [(key(f"句子 {n}"), f"sentence {n}", n % 7 == 0) for n in range(1200)]
    await cache.put_many(entries)
    found = await cache.get_many([k for k, _, _ in entries] + [key("缺失")])
    assert found == {k: (text, low) for k, text, low in entries}
    assert await cache.get_many([]) == {}


async def test_concurrent_writers_of_the_same_key_both_succeed(
    backend: str,
    db_url: str,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    # The second writer inserts the same key while the first's insert is still uncommitted:
    # it waits (PostgreSQL: on the row; SQLite, another process: on the write lock), then
    # its insert is ignored instead of failing.
    other = create_engine(db_url) if backend == "sqlite" else engine
    first_stored, second_waits = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with session_factory() as session, session.begin():
            await TranslationCacheRepository(session).put_many([(key("一起"), "together", False)])
            first_stored.set()
            if backend == "sqlite":
                await second_waits.wait()
            else:
                await until_a_postgres_backend_waits_on_a_lock(engine)

    async def second() -> None:
        await first_stored.wait()
        async with create_sessionmaker(other)() as session, session.begin():
            await TranslationCacheRepository(session).put_many(
                [(key("一起"), "at the same place", False)]
            )

    try:
        if backend == "sqlite":
            loop = asyncio.get_running_loop()
            await trace_statements_started(other, on_begin_immediate(loop, second_waits))
        async with asyncio.timeout(DEADLINE_S):
            await asyncio.gather(first(), second())
    finally:
        if other is not engine:
            await other.dispose()
    async with session_factory() as session:
        found = await TranslationCacheRepository(session).get_many([key("一起")])
        assert found[key("一起")] == ("together", False)  # the first stays, the second is ignored
        assert await _count(session) == 1
