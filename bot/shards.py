"""The bot of one shard cluster: discord.py's AutoShardedBot running only this process's shards.

Clusters share one PostgreSQL database: it spaces their IDENTIFYs (Discord takes one per
5 seconds per bot, whichever process sends it), and only the cluster running shard 0 syncs the
application commands (they are global: one sync serves every cluster).
"""

from __future__ import annotations

from typing import Any

from discord.ext import commands

from bot.app import YiqiBot
from bot.settings import Settings
from db.advisory import IDENTIFY_LOCK_KEY, SpacedTurns

# Discord's spacing of IDENTIFYs (one per max_concurrency bucket; Yiqi assumes a bucket of 1).
IDENTIFY_SPACING_SECONDS = 5.0


class ShardedYiqiBot(YiqiBot, commands.AutoShardedBot):
    """Yiqi over ``YIQI_SHARD_IDS`` of ``YIQI_SHARD_COUNT`` shards, in one gateway client."""

    def __init__(self, settings: Settings, *, sync_commands: bool = True, **options: Any) -> None:
        scope = settings.shard_scope
        assert scope is not None, "ShardedYiqiBot needs YIQI_SHARD_COUNT"
        super().__init__(settings, sync_commands=sync_commands and 0 in scope.ids, **options)
        self._identify_turns: SpacedTurns | None = None

    def gateway_options(self, settings: Settings) -> dict[str, Any]:
        scope = settings.shard_scope
        assert scope is not None
        return {"shard_count": scope.count, "shard_ids": sorted(scope.ids)}

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Every IDENTIFY of every cluster takes a turn spaced 5 s from the previous one."""
        engine = self._db_engine
        if engine is None or engine.dialect.name != "postgresql":
            await super().before_identify_hook(shard_id, initial=initial)  # one process
            return
        if self._identify_turns is None:
            self._identify_turns = SpacedTurns(engine, IDENTIFY_LOCK_KEY, IDENTIFY_SPACING_SECONDS)
        await self._identify_turns.take()

    async def close(self) -> None:
        if self._identify_turns is not None:
            await self._identify_turns.close()  # before the engine is disposed
        await super().close()


def build_bot(settings: Settings, **options: Any) -> YiqiBot:
    """The sharded bot when shards are configured, else the plain one (every shard)."""
    if settings.shard_scope is None:
        return YiqiBot(settings, **options)
    return ShardedYiqiBot(settings, **options)
