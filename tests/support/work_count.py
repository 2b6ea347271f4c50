"""How much work one event costs: database sessions opened and translations run by the model.

Counts at the two edges every path goes through: ``async_sessionmaker.__call__`` (each unit of
work opens one session) and ``TranslationEngine`` (every translate call, and the ones that
reached the model rather than returning early for "nothing to translate" or "same language").
With the translation cache off, each model translation is a real model run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.translation.engine import TranslationEngine


@dataclass
class WorkCount:
    sessions: int = 0
    translate_calls: int = 0  # TranslationEngine.translate, whatever it then did
    model_translations: int = 0  # the calls that ran the model


@contextmanager
def counting_work() -> Iterator[WorkCount]:
    """Count sessions and translations made inside the ``with`` block, by any component."""
    count = WorkCount()
    open_session = async_sessionmaker.__call__
    translate = TranslationEngine.translate
    run_model = TranslationEngine._translate_uncached  # the model edge

    def counted_session(self: async_sessionmaker[Any], **kw: Any) -> Any:
        count.sessions += 1
        return open_session(self, **kw)

    async def counted_translate(self: TranslationEngine, *args: Any, **kw: Any) -> Any:
        count.translate_calls += 1
        return await translate(self, *args, **kw)

    async def counted_model(self: TranslationEngine, *args: Any, **kw: Any) -> Any:
        count.model_translations += 1
        return await run_model(self, *args, **kw)

    with (
        mock.patch.object(async_sessionmaker, "__call__", counted_session),
        mock.patch.object(TranslationEngine, "translate", counted_translate),
        mock.patch.object(TranslationEngine, "_translate_uncached", counted_model),
    ):
        yield count
