"""YIQI_SHARD_COUNT / YIQI_SHARD_IDS: checked at start, and they pick the sharded bot."""

from __future__ import annotations

import discord
import pytest

from bot.app import YiqiBot
from bot.errors import OperatorError
from bot.settings import load_settings
from bot.shards import ShardedYiqiBot, build_bot
from db.shards import ShardScope

POSTGRESQL = "postgresql+asyncpg://yiqi@127.0.0.1/yiqi"


@pytest.mark.parametrize(
    ("written", "ids"), [("[2, 0]", {0, 2}), ("2,0", {0, 2}), ("2", {2}), (" 3 ", {3})]
)
def test_shards_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, written: str, ids: set[int]
) -> None:
    """A JSON list, a comma list, or one bare id (systemd's %I, compose's "1")."""
    monkeypatch.setenv("YIQI_SHARD_COUNT", "4")
    monkeypatch.setenv("YIQI_SHARD_IDS", written)
    monkeypatch.setenv("YIQI_DATABASE_URL", POSTGRESQL)
    assert load_settings().shard_scope == ShardScope(4, frozenset(ids))


def test_shard_ids_that_are_not_numbers_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YIQI_SHARD_COUNT", "4")
    monkeypatch.setenv("YIQI_SHARD_IDS", "zero")
    with pytest.raises(OperatorError, match="YIQI_SHARD_IDS=zero: a shard id or a list"):
        load_settings()


def test_a_count_alone_means_every_shard_and_nothing_means_no_filter() -> None:
    assert load_settings(shard_count=3).shard_scope == ShardScope(3, frozenset({0, 1, 2}))
    every = load_settings(shard_count=2, shard_ids=[0, 1])  # all of them: SQLite will do
    assert every.shard_scope == ShardScope(2, frozenset({0, 1}))
    assert load_settings().shard_scope is None


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"shard_ids": [0]}, "YIQI_SHARD_IDS needs YIQI_SHARD_COUNT"),
        ({"shard_count": 2, "shard_ids": [2]}, "YIQI_SHARD_IDS must be ids 0..1"),
        ({"shard_count": 2, "shard_ids": [-1]}, "YIQI_SHARD_IDS must be ids 0..1"),
        ({"shard_count": 2, "shard_ids": []}, "YIQI_SHARD_IDS must be ids 0..1"),
        ({"shard_count": 0}, "YIQI_SHARD_COUNT=0"),
        (
            {"shard_count": 2, "shard_ids": [1], "database_url": None},  # SQLite
            "other processes: they share the database",
        ),
    ],
)
def test_shard_ids_outside_the_count_stop_the_start(options: dict[str, object], said: str) -> None:
    with pytest.raises(OperatorError) as raised:
        load_settings(**options)
    assert said in str(raised.value)


# Never logged in, so nothing is open to close (discord.py's sharded close needs a login).
def test_shards_configured_build_an_auto_sharded_bot_of_those_shards() -> None:
    bot = build_bot(load_settings(shard_count=4, shard_ids=[1, 3], database_url=POSTGRESQL))
    assert isinstance(bot, ShardedYiqiBot) and isinstance(bot, discord.AutoShardedClient)
    assert (bot.shard_count, bot.shard_ids) == (4, [1, 3])


def test_without_shards_the_bot_is_the_plain_one() -> None:
    bot = build_bot(load_settings())
    assert type(bot) is YiqiBot and bot.shard_count is None
