"""One shard cluster's Discord, as its own SimCord world sees it (issue 13 end-to-end test).

Each cluster process builds a server on its own shard with a bridged question (a burst of
replies goes into it), four pen-pal candidates, and a digest channel. The actions are what
the test asks of the cluster (burst, sweep, match, accept, expire, digest); ``report``
counts on the simulated Discord what members saw.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

import discord
import simcord
from sqlalchemy import select

from bot.app import YiqiBot
from bot.services.digest.weeks import IsoWeek
from cogs.digest.cog import DigestCog
from cogs.exchange.cog import RETRY_JOB_ID
from cogs.penpal.proposals import scheduled_run
from db.enums import RelayStatus
from db.models import RelayedMessage
from tests.support.clock import MovableClock
from tests.support.discord_api.conformance import ConformanceChecker, describe
from tests.support.relay_faults import injectors
from tests.support.relay_faults.ledger import MirrorLedger, count, numbers_in, token

LINES = ["我家没有大熊猫。", "动物园里有。", "你们那里呢？", "哈哈，好问题！", "当然不是。"]
ACCEPT = "Accept · 接受"
# Each world's snowflakes start this far apart: the two share one database, where Discord's
# ids are unique (SimCord's clock starts every world at the same instant).
WORLD_SPACING_DAYS = 30


class OneLineComposer:
    """A digest of one message naming its guild and week (what a digest says is tested
    elsewhere; here: that it is posted once)."""

    async def compose(self, guild_id: int, week: IsoWeek) -> list[str]:
        return [f"Digest {week} of {guild_id}"]


@dataclass
class ClusterWorld:
    shard: int
    env: simcord.Env
    bot: YiqiBot
    wall: MovableClock
    ledger: MirrorLedger
    guild: simcord.GuildHandle
    question_thread: simcord.ChannelHandle  # English: where the mirrors arrive
    reply_thread: simcord.ChannelHandle  # Chinese: where 小伟 writes
    wei: simcord.MemberActor
    members: dict[str, simcord.MemberActor]
    penpal_en: simcord.ChannelHandle
    penpal_zh: simcord.ChannelHandle
    digest_channel: simcord.ChannelHandle
    origins: dict[int, int] = field(default_factory=dict)  # number → origin message id

    # -- the burst ------------------------------------------------------------------------
    async def burst(self, size: int, outage: int) -> dict[str, Any]:
        """小伟's ``size`` replies; Discord answers 503 to every webhook post while the first
        ``outage`` are handled, then 429 to three more posts."""
        injectors.fail_webhook_posts(self.env, 503, times=None)
        self._write(range(outage))
        await self.env.settle(timeout=300)
        injectors.heal_webhook_posts(self.env)
        injectors.fail_webhook_posts(self.env, 429, times=3)
        self._write(range(outage, size))
        await self.env.settle(timeout=300)
        return {"waiting": await self.waiting()}

    def _write(self, numbers: range) -> None:
        for number in numbers:
            text = f"{token(number)}：{LINES[number % len(LINES)]}"
            message = self.env.backend.create_message(self.reply_thread.id, self.wei.id, text)
            self.origins[number] = message.id

    async def sweep(self) -> dict[str, Any]:
        """The bot's scheduled retry sweep, as the scheduler calls it."""
        job = self.bot.services.scheduler.get_job(RETRY_JOB_ID)
        assert job is not None
        await job.func()
        await self.env.settle(timeout=300)
        return {"waiting": await self.waiting()}

    async def waiting(self) -> int:
        async with self.bot.services.sessions() as session:
            rows = await session.scalars(
                select(RelayedMessage.id).where(
                    RelayedMessage.guild_id == self.guild.id,
                    RelayedMessage.status.in_([RelayStatus.PENDING, RelayStatus.FAILED]),
                )
            )
            return len(rows.all())

    def advance(self, seconds: float) -> dict[str, Any]:
        self.wall.advance(timedelta(seconds=seconds))
        return {}

    # -- pen pals ---------------------------------------------------------------------------
    async def match(self) -> dict[str, Any]:
        """The pen-pal job (expiry, unopened pairs, matching), as the scheduler runs it."""
        await scheduled_run(self.bot)
        await self.env.settle(timeout=300)
        return {}

    async def accept(self, names: list[str]) -> dict[str, Any]:
        for name in names:
            member = self.members[name]
            [card] = [m for m in member.user.dm_channel.history() if m.components]
            await member.user.click(card, label=ACCEPT)
        return {}

    # -- the digest ---------------------------------------------------------------------------
    async def digest_due(self) -> dict[str, Any]:
        """The admin sets the weekly slot to one that passed an hour ago: a digest is due."""
        slot = self.wall() - timedelta(hours=1)
        await self.bot.services.digest_config.update(
            self.guild.id, channel_id=self.digest_channel.id, weekday=slot.weekday(),
            local_time=slot.time().replace(second=0, microsecond=0), timezone="UTC",
        )  # fmt: skip
        return {}

    async def digest(self) -> dict[str, Any]:
        """The digest's hourly sweep (schedules, then whatever is due and not done)."""
        [cog] = [c for c in self.bot.cogs.values() if isinstance(c, DigestCog)]
        await cog.sweep()
        await self.env.settle(timeout=300)
        return {}

    # -- what members saw -------------------------------------------------------------------
    def report(self) -> dict[str, Any]:
        tally = count(
            f"cluster {self.shard}", self.ledger, self.question_thread.id, sorted(self.origins)
        )
        bot_id = self.bot.user.id if self.bot.user else 0
        violations = ConformanceChecker().check_log(self.env.http_requests)
        return {
            "guild_id": self.guild.id,
            "origins": {str(n): m for n, m in self.origins.items()},
            "tally": asdict(tally),
            "posts": self._webhook_posts(),
            "dms": {
                name: [m.content for m in member.user.dm_channel.history()]
                for name, member in self.members.items()
                if member.user.dm_channel is not None
            },
            "penpal_threads": [len(self.penpal_en.threads), len(self.penpal_zh.threads)],
            "digests": [m.content for m in self.digest_channel.history() if m.author.id == bot_id],
            "handler_errors": [repr(e) for e in self.env.errors],
            "api_violations": describe(violations) if violations else "",
        }

    def _webhook_posts(self) -> dict[str, int]:
        """Webhook posts Discord received per reply number (failed ones included)."""
        posts: Counter[int] = Counter()
        for entry in self.env.http_requests:
            if entry.method == "POST" and entry.path.startswith("/webhooks/"):
                posts.update(numbers_in(str((entry.json or {}).get("content", ""))))
        return {str(n): c for n, c in posts.items()}


async def build_world(
    env: simcord.Env, bot: YiqiBot, wall: MovableClock, shard: int
) -> ClusterWorld:
    guild = env.create_guild(f"Cluster {shard} Friends", shard_id=shard)
    admins = guild.create_role("admin", permissions=discord.Permissions(manage_guild=True))
    en, zh = guild.create_text_channel("ask-english"), guild.create_text_channel("问问中文")
    admin = guild.add_member(env.create_user(f"mod{shard}"), roles=[admins])
    names = {"alice": "Alice", "bob": "Bob", "wei": "小伟", "li": "小李"}
    members = {
        name: guild.add_member(env.create_user(f"{name}{shard}", global_name=shown))
        for name, shown in names.items()
    }
    await admin.slash(en, "setup bridge", english_channel=en, chinese_channel=zh)
    await members["alice"].send(en, "Does every Chinese person own a panda?")
    [question_thread], [reply_thread] = en.threads, zh.threads

    penpal_en, penpal_zh = (
        guild.create_text_channel("penpal-english"),
        guild.create_text_channel("笔友"),
    )
    mods = guild.create_text_channel("mods")
    await admin.slash(
        en, "penpal configure", english_channel=penpal_en, chinese_channel=penpal_zh,
        moderators_channel=mods,
    )  # fmt: skip
    for name, side, channel in (
        ("alice", "en", penpal_en), ("bob", "en", penpal_en),
        ("wei", "zh", penpal_zh), ("li", "zh", penpal_zh),
    ):  # fmt: skip
        await members[name].slash(
            channel, "penpal join", level="intermediate", timezone="Asia/Shanghai",
            intro=f"Hello from {name}.", adult=True, consent=True, interests="pets", side=side,
        )  # fmt: skip

    digest_channel = guild.create_text_channel("weekly-digest")
    return ClusterWorld(
        shard, env, bot, wall, MirrorLedger(env), guild, question_thread, reply_thread,
        members["wei"], members, penpal_en, penpal_zh, digest_channel,
    )  # fmt: skip
