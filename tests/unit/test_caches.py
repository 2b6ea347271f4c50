"""BoundedCache: the one in-process cache policy (LRU bound, TTL on an injected clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services.caches import MISSING, BoundedCache
from tests.support.clock import MovableClock


def test_the_least_recently_used_entry_goes_first_when_full() -> None:
    cache: BoundedCache[int, str] = BoundedCache(2)
    cache.put(1, "one")
    cache.put(2, "two")
    assert cache.get(1) == "one"  # 1 is now more recently used than 2
    cache.put(3, "three")
    assert cache.get(2) is MISSING
    assert (cache.get(1), cache.get(3)) == ("one", "three")
    assert len(cache) == 2


def test_entries_expire_after_the_ttl_on_the_given_clock() -> None:
    clock = MovableClock()
    cache: BoundedCache[int, bool | None] = BoundedCache(
        10, ttl_seconds=60.0, monotonic=clock.monotonic
    )
    cache.put(1, None)  # a cached "nothing" is a hit, not a miss
    clock.advance(timedelta(seconds=59.9))
    assert cache.get(1) is None
    clock.advance(timedelta(seconds=0.1))
    assert cache.get(1) is MISSING
    assert len(cache) == 0  # the expired entry is gone, not just hidden


def test_a_write_restarts_the_ttl_and_invalidate_forgets() -> None:
    clock = MovableClock()
    cache: BoundedCache[str, int] = BoundedCache(10, ttl_seconds=60.0, monotonic=clock.monotonic)
    cache.put("guild", 1)
    clock.advance(timedelta(seconds=50))
    cache.put("guild", 2)
    clock.advance(timedelta(seconds=50))
    assert cache.get("guild") == 2
    cache.invalidate("guild")
    cache.invalidate("never there")
    assert cache.get("guild") is MISSING


def test_without_a_ttl_entries_stay_until_pushed_out() -> None:
    cache: BoundedCache[int, str] = BoundedCache(1)
    cache.put(1, "hook")
    assert cache.get(1) == "hook"
    cache.put(2, "other hook")
    assert (cache.get(1), cache.get(2)) == (MISSING, "other hook")


def test_a_ttl_needs_a_clock_and_a_cache_needs_room() -> None:
    with pytest.raises(ValueError, match="monotonic"):
        BoundedCache[int, int](10, ttl_seconds=60.0)
    with pytest.raises(ValueError, match="at least one"):
        BoundedCache[int, int](0)
