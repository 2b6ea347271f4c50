"""The bot's in-process caches and the one policy each follows.

Every cache that lives as long as the process is a ``BoundedCache``: at most ``max_entries``
entries (the least recently used goes first) and, where other processes may change what it
holds, a time to live measured on the bot's monotonic clock (the composition root passes the
same time source the send pacer uses; tests pass one they move by hand).

Per cache, built once in ``bot/app.py`` and handed to whoever reads it:

- **Guild scripts** (``GuildScripts``: guild → Simplified or Traditional), **glossary terms**
  (``GlossaryService``: guild → merged entries and engine terms) and **cat-tax gate
  settings** (``CatTaxService``: guild → gate or "off"): ``GUILD_CACHE_SIZE`` guilds, TTL
  ``GUILD_CACHE_SECONDS``. A write through the service replaces or drops the entry at once in
  this process; another process (a shard, the CLI) sees it within the TTL. The gate's
  Chinese script and UI language are copied from the guild row when the gate is read, so a
  script change reaches the gate within the TTL too.
- **Translation memory, "no entries"** (``MemoryLookup``: guild → it has no live
  improvement): ``GUILD_CACHE_SIZE`` guilds, TTL ``GUILD_CACHE_SECONDS``. Only the absence
  is cached, so a revert or a deletion anywhere takes effect at the next lookup; an
  improvement made in this process drops the entry at once, one made by another process is
  served within the TTL. Hits are never cached: one indexed query per lookup.
- **Mirror-sink webhooks** (``DiscordMirrorSink``: bridged channel → its webhook):
  ``WEBHOOK_CACHE_SIZE`` channels, no TTL (a webhook stays valid until someone deletes it).
  An entry is dropped when Discord answers Unknown Webhook (404, code 10015): the sink
  finds or creates a fresh webhook and retries the request once.
- **Translation cache** (``bot/translation``, the ``translation_cache`` table): in the
  database, not in memory, shared by every process. Keyed by (sha256 of the source text,
  source, target, model version + glossary fingerprint), so a new model or a changed
  glossary reads and writes new keys and never returns a stale translation. Rows neither
  expire nor are counted; a member's "forget me" deletes the rows of their texts
  (``PrivacyRepository.delete_cached_translations``). ``Settings.translation_cache`` turns
  it off. ``MemoryTranslationCache`` is an unbounded in-memory stand-in for short-lived
  runs without a database. The engine's in-flight map only holds requests still running.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from enum import Enum
from typing import Final, Generic, TypeVar

Monotonic = Callable[[], float]
"""Seconds on a clock that never goes backwards (``time.monotonic`` or a test's clock)."""

GUILD_CACHE_SIZE = 10_000
GUILD_CACHE_SECONDS = 60.0
WEBHOOK_CACHE_SIZE = 1_000

K = TypeVar("K")
V = TypeVar("V")


class _Missing(Enum):
    MISSING = "missing"


MISSING: Final = _Missing.MISSING
"""What ``BoundedCache.get`` returns for a key it does not hold (cached values may be None)."""


class BoundedCache(Generic[K, V]):
    """An LRU map of at most ``max_entries``; entries older than ``ttl_seconds`` are gone.

    ``ttl_seconds=None``: entries stay until pushed out or invalidated (no clock needed).
    """

    def __init__(
        self,
        max_entries: int,
        *,
        ttl_seconds: float | None = None,
        monotonic: Monotonic | None = None,
    ) -> None:
        if max_entries < 1:
            raise ValueError("a cache holds at least one entry")
        if ttl_seconds is not None and monotonic is None:
            raise ValueError("a time to live needs a monotonic clock")
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._monotonic = monotonic
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def _now(self) -> float:
        return self._monotonic() if self._monotonic is not None else 0.0

    def get(self, key: K) -> V | _Missing:
        """The cached value (now the most recently used), or ``MISSING``."""
        entry = self._entries.get(key)
        if entry is None:
            return MISSING
        stored_at, value = entry
        if not self._fresh(stored_at, self._now()):
            del self._entries[key]
            return MISSING
        self._entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> None:
        """Store ``value``, pushing out the least recently used entry when full."""
        self._entries[key] = (self._now(), value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def invalidate(self, key: K) -> None:
        """Forget ``key`` (a write in this process changed what it stands for)."""
        self._entries.pop(key, None)

    def _fresh(self, stored_at: float, now: float) -> bool:
        return self.ttl_seconds is None or now - stored_at < self.ttl_seconds

    def __len__(self) -> int:
        return len(self._entries)
