"""The translation cache interface: (text hash, source, target, model version) → translation."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from db.text_hash import text_hash

__all__ = [
    "CacheKey",
    "CachedTranslation",
    "MemoryTranslationCache",
    "TranslationCache",
    "text_hash",
]


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


class TranslationCache(Protocol):
    async def lookup(self, key: CacheKey) -> CachedTranslation | None: ...

    async def store(self, key: CacheKey, value: CachedTranslation) -> None: ...

    async def forget(self, text_hashes: Collection[str]) -> int:
        """Drop every translation of these source texts (any direction or model); how many."""
        ...


class MemoryTranslationCache:
    """In-process cache for short runs without a database (unbounded: see bot.services.caches)."""

    def __init__(self) -> None:
        self.entries: dict[CacheKey, CachedTranslation] = {}

    async def lookup(self, key: CacheKey) -> CachedTranslation | None:
        return self.entries.get(key)

    async def store(self, key: CacheKey, value: CachedTranslation) -> None:
        self.entries[key] = value

    async def forget(self, text_hashes: Collection[str]) -> int:
        gone = [key for key in self.entries if key.text_hash in text_hashes]
        for key in gone:
            del self.entries[key]
        return len(gone)
