"""The translation cache interface: (text hash, source, target, model version) → translation."""

from __future__ import annotations

import hashlib
from typing import Protocol

from db.repositories.translation_cache import CachedTranslation, CacheKey

__all__ = [
    "CacheKey",
    "CachedTranslation",
    "MemoryTranslationCache",
    "TranslationCache",
    "text_hash",
]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache(Protocol):
    async def lookup(self, key: CacheKey) -> CachedTranslation | None: ...

    async def store(self, key: CacheKey, value: CachedTranslation) -> None: ...


class MemoryTranslationCache:
    """In-process cache for the CLI and benchmarks that run without a database."""

    def __init__(self) -> None:
        self.entries: dict[CacheKey, CachedTranslation] = {}

    async def lookup(self, key: CacheKey) -> CachedTranslation | None:
        return self.entries.get(key)

    async def store(self, key: CacheKey, value: CachedTranslation) -> None:
        self.entries[key] = value
