"""The translation cache interface: (text hash, source, target, model version) → translation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CacheKey:
    """What determines a translation: the source text (by sha256 hex), direction and model."""

    text_hash: str
    source: str
    target: str
    model_version: str

    @property
    def columns(self) -> tuple[str, str, str, str]:
        """The key as the database stores it."""
        return (self.text_hash, self.source, self.target, self.model_version)


@dataclass(frozen=True, slots=True)
class CachedTranslation:
    text: str
    low_confidence: bool = False


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache(Protocol):
    async def lookup(self, key: CacheKey) -> CachedTranslation | None: ...

    async def store(self, key: CacheKey, value: CachedTranslation) -> None: ...


class MemoryTranslationCache:
    """In-process cache for short runs without a database (unbounded: see bot.services.caches)."""

    def __init__(self) -> None:
        self.entries: dict[CacheKey, CachedTranslation] = {}

    async def lookup(self, key: CacheKey) -> CachedTranslation | None:
        return self.entries.get(key)

    async def store(self, key: CacheKey, value: CachedTranslation) -> None:
        self.entries[key] = value
