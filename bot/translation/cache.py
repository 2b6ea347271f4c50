"""The translation cache interface: (text hash, source, target, model version) → translation."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TranslationKey:
    text_hash: str
    source: str
    target: str
    model_version: str


@dataclass(frozen=True)
class CachedText:
    text: str
    low_confidence: bool


class TranslationCache(Protocol):
    async def lookup(self, key: TranslationKey) -> CachedText | None: ...

    async def store(self, key: TranslationKey, value: CachedText) -> None: ...


class MemoryTranslationCache:
    """In-process cache for the CLI and benchmarks that run without a database."""

    def __init__(self) -> None:
        self.entries: dict[TranslationKey, CachedText] = {}

    async def lookup(self, key: TranslationKey) -> CachedText | None:
        return self.entries.get(key)

    async def store(self, key: TranslationKey, value: CachedText) -> None:
        self.entries[key] = value
