"""The bot of one shard cluster: discord.py's AutoShardedBot running only this process's shards.

Clusters share one PostgreSQL database: it spaces their IDENTIFYs (Discord takes one per
5 seconds in each of the bot's ``max_concurrency`` buckets, whichever process sends it), and
only the cluster running shard 0 syncs the application commands (they are global: one sync
serves every cluster).
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.ext import commands

from bot.app import YiqiBot
from bot.settings import Settings
from db.advisory import IDENTIFY_LOCK_KEY, SpacedTurns

log = logging.getLogger(__name__)
# Discord's spacing of IDENTIFYs: one per 5 seconds in each ``max_concurrency`` bucket.
IDENTIFY_SPACING_SECONDS = 5.0


class ShardedYiqiBot(YiqiBot, commands.AutoShardedBot):
    """Yiqi over ``YIQI_SHARD_IDS`` of ``YIQI_SHARD_COUNT`` shards, in one gateway client."""

    def __init__(self, settings: Settings, *, sync_commands: bool = True, **options: Any) -> None:
        scope = settings.shard_scope
        assert scope is not None, "ShardedYiqiBot needs YIQI_SHARD_COUNT"
        super().__init__(settings, sync_commands=sync_commands and 0 in scope.ids, **options)
        self._identify_turns: dict[int, SpacedTurns] = {}  # by bucket
        self._max_concurrency: int | None = None

    def gateway_options(self, settings: Settings) -> dict[str, Any]:
        scope = settings.shard_scope
        assert scope is not None
        return {"shard_count": scope.count, "shard_ids": sorted(scope.ids)}

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Every IDENTIFY of every cluster takes its bucket's turn, spaced 5 s from the
        bucket's previous one. Shard ``s`` is in bucket ``s % max_concurrency`` (Discord's
        session start limit): the buckets start side by side."""
        engine = self._db_engine
        if engine is None or engine.dialect.name != "postgresql":
            await super().before_identify_hook(shard_id, initial=initial)  # one process
            return
        bucket = (shard_id or 0) % await self.max_concurrency()
        turns = self._identify_turns.get(bucket)
        if turns is None:
            turns = SpacedTurns(engine, IDENTIFY_LOCK_KEY + bucket, IDENTIFY_SPACING_SECONDS)
            self._identify_turns[bucket] = turns
        await turns.take()

    async def max_concurrency(self) -> int:
        """How many IDENTIFY buckets Discord gives this bot (GET /gateway/bot, read once);
        1 when Discord cannot say, the safe assumption."""
        if self._max_concurrency is None:
            try:
                limits = await self.fetch_session_start_limits()
            except (discord.HTTPException, discord.GatewayNotFound, OSError) as error:
                log.warning("session start limit unknown (%s): IDENTIFY one at a time", error)
                return 1
            self._max_concurrency = max(1, limits.max_concurrency)
        return self._max_concurrency

    async def close(self) -> None:
        for turns in self._identify_turns.values():
            await turns.close()  # before the engine is disposed
        await super().close()


def build_bot(settings: Settings, **options: Any) -> YiqiBot:
    """The sharded bot when shards are configured, else the plain one (every shard)."""
    if settings.shard_scope is None:
        return YiqiBot(settings, **options)
    return ShardedYiqiBot(settings, **options)
