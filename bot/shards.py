"""The bot of one shard cluster: discord.py's AutoShardedBot running only this process's shards."""

from __future__ import annotations

from typing import Any

from discord.ext import commands

from bot.app import YiqiBot
from bot.settings import Settings


class ShardedYiqiBot(YiqiBot, commands.AutoShardedBot):
    """Yiqi over ``YIQI_SHARD_IDS`` of ``YIQI_SHARD_COUNT`` shards, in one gateway client."""

    def gateway_options(self, settings: Settings) -> dict[str, Any]:
        scope = settings.shard_scope
        assert scope is not None, "ShardedYiqiBot needs YIQI_SHARD_COUNT"
        return {"shard_count": scope.count, "shard_ids": sorted(scope.ids)}


def build_bot(settings: Settings, **options: Any) -> YiqiBot:
    """The sharded bot when shards are configured, else the plain one (every shard)."""
    if settings.shard_scope is None:
        return YiqiBot(settings, **options)
    return ShardedYiqiBot(settings, **options)
