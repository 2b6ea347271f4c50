"""The real bot on SimCord with one bridged question, ready for a burst of replies.

Replies are written by 小伟 into the question's Chinese mirror thread; their mirrors arrive in
the English question thread, where the ledger counts them. The retry sweep is the bot's own
scheduled job, called directly (never waited for on a timer).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import discord
import simcord
from sqlalchemy import select

from bot.adapters.mirror_sink import DiscordMirrorSink
from bot.adapters.send_pacing import SendPacer
from bot.app import YiqiBot
from bot.services.relay.service import RelayService
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from cogs.exchange.cog import RETRY_JOB_ID
from db.engine import create_engine, create_sessionmaker
from db.enums import RelayStatus
from db.models import RelayedMessage
from tests.support.clock import MovableClock
from tests.support.relay_faults.ledger import MirrorLedger, token
from tests.support.relay_faults.timing import FaultTime, Sweep

# The production sweep interval (``relay_retry_seconds``' default).
PRODUCTION_SWEEP_SECONDS = float(Settings.model_fields["relay_retry_seconds"].default)
# Longer than the longest retry backoff (one hour, plus jitter): every failed relay is due.
SWEEP_ROUND = timedelta(hours=2)
LINES = ["我家没有大熊猫。", "动物园里有。", "你们那里呢？", "哈哈，好问题！", "当然不是。"]

Action = Callable[[], Awaitable[object] | None]


@dataclass
class Rig:
    env: simcord.Env
    bot: YiqiBot
    time: FaultTime
    wall: MovableClock
    make_settings: Callable[[], Settings]
    engine: TranslationEngine
    ledger: MirrorLedger
    guild: simcord.GuildHandle
    en_channel: simcord.ChannelHandle
    zh_channel: simcord.ChannelHandle
    wei: simcord.MemberActor
    question_thread: simcord.ChannelHandle  # English: where the mirrors arrive
    reply_thread: simcord.ChannelHandle  # Chinese: where 小伟 writes
    origins: dict[int, int] = field(default_factory=dict)  # number → origin message id
    bots: list[YiqiBot] = field(default_factory=list)  # started here: closed by ``close``
    _posts: int = 0
    _on_post: dict[int, list[Action]] = field(default_factory=dict)
    _tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    # -- the burst -----------------------------------------------------------------------

    def write(self, numbers: Iterable[int]) -> dict[int, int]:
        """小伟's replies ``numbers``, all written before the bot handles any of them."""
        written = {}
        for number in numbers:
            text = f"{token(number)}：{LINES[number % len(LINES)]}"
            message = self.env.backend.create_message(self.reply_thread.id, self.wei.id, text)
            written[number] = self.origins[number] = message.id
        return written

    async def settle(self) -> None:
        await self.env.settle(timeout=600)
        while pending := [t for t in self._tasks if not t.done()]:
            await asyncio.gather(*pending, return_exceptions=True)
            await self.env.settle(timeout=600)

    # -- moderation on the origin side -----------------------------------------------------

    async def edit(self, number: int, text: str) -> None:
        """小伟 edits a reply (the caller settles: events may queue behind a burst)."""
        message_id = self.origins[number]
        self.env.backend.edit_message(self.reply_thread.id, message_id, {"content": text})

    async def delete(self, number: int) -> None:
        self.env.backend.delete_message(self.reply_thread.id, self.origins[number])

    async def purge(self, numbers: Iterable[int]) -> None:
        """A moderator's purge: one MESSAGE_DELETE_BULK."""
        ids = [self.origins[n] for n in numbers]
        self.env.backend.bulk_delete_messages(self.reply_thread.id, ids)
        await self.settle()

    # -- faults that happen after a given number of mirrors were posted --------------------

    def after_post(self, count: int, action: Action) -> None:
        """Run ``action`` once the ``count``-th mirror is posted (coroutines as a task)."""
        self._on_post.setdefault(count, []).append(action)

    def _on_event(self, event: str, payload: Any) -> None:
        if event != "MESSAGE_CREATE" or not payload.get("webhook_id"):
            return
        self._posts += 1
        for action in self._on_post.pop(self._posts, []):
            result = action()
            if asyncio.iscoroutine(result):
                self._tasks.append(asyncio.ensure_future(result))

    # -- the sweep ----------------------------------------------------------------------

    def retry_job(self, bot: YiqiBot | None = None) -> Sweep:
        """The bot's scheduled retry sweep, exactly as the scheduler would call it."""
        job = (bot or self.bot).services.scheduler.get_job(RETRY_JOB_ID)
        assert job is not None, "the relay retry job is not scheduled"
        sweep: Sweep = job.func
        return sweep

    async def drain(self, *extra_sweeps: Sweep, rounds: int = 40) -> None:
        """Sweep round after round, the clock past every backoff, until no relay of this
        scenario waits (delivered, dead or discarded) or ``rounds`` is reached."""
        for _ in range(rounds):
            if not await self.waiting():
                return
            self.wall.advance(SWEEP_ROUND)
            sweeps = [self.retry_job(), *extra_sweeps]
            await asyncio.gather(*(sweep() for sweep in sweeps), return_exceptions=True)
            await self.settle()

    async def statuses(self) -> dict[int, RelayStatus]:
        """origin number → the stored relay's status."""
        number_of = {message_id: n for n, message_id in self.origins.items()}
        async with self.bot.services.sessions() as session:
            rows = await session.execute(
                select(RelayedMessage.origin_message_id, RelayedMessage.status).where(
                    RelayedMessage.origin_message_id.in_(list(number_of))
                )
            )
            return {number_of[message_id]: status for message_id, status in rows}

    async def waiting(self) -> list[int]:
        waits = (RelayStatus.PENDING, RelayStatus.FAILED)
        return [n for n, status in (await self.statuses()).items() if status in waits]

    async def dead(self) -> list[int]:
        return [n for n, s in (await self.statuses()).items() if s is RelayStatus.DEAD]

    async def until_all_stored_and_parked(self) -> None:
        """Let the burst run until it can go no further: every reply stored, a send parked on
        the stopped clock, the rest queued behind it. SimCord's settle() cannot be used (a
        wait behind a parked send is not one it recognizes): a bounded wait, not a timing
        assertion (as in tests/discord/test_shutdown.py)."""
        for _ in range(2400):
            if self.time.parked and len(await self.statuses()) == len(self.origins):
                return
            await asyncio.sleep(0.05)
        raise AssertionError("the burst did not reach the parked send")

    def second_process(self, owner: str = "second-process") -> tuple[Sweep, Callable[[], Any]]:
        """The retry sweep of a second bot process on the same database: its own engine,
        relay service (lease owner ``owner`` where the service takes one), webhook cache and
        pacer, posting to the same Discord. Returns the sweep and what closes it."""
        engine = create_engine(self.make_settings().effective_database_url)
        options: dict[str, Any] = {"clock": self.wall}
        if "owner" in inspect.signature(RelayService).parameters:
            options["owner"] = owner
        relay = RelayService(create_sessionmaker(engine), self.bot.services.translator, **options)
        sink = DiscordMirrorSink(self.bot, SendPacer(self.time))

        async def sweep() -> int:
            return await relay.retry_due(sink)

        return sweep, engine.dispose

    # -- processes ------------------------------------------------------------------------

    def new_bot(self, time: FaultTime | None = None) -> YiqiBot:
        bot = YiqiBot(
            self.make_settings(),
            translation=self.engine,
            time_source=time or self.time,
            clock=self.wall,
        )
        self.bots.append(bot)
        return bot

    async def restart(self) -> None:
        """Close the bot (relays under way get a short grace period) and start a new one on
        the same database."""
        self.bot.settings.shutdown_grace_seconds = 0.2
        await self.bot.close()
        self.time.release()
        self.bot = self.new_bot()
        await self.env.restart_bot(self.bot)

    async def close(self) -> None:
        for bot in self.bots:
            await bot.close()


async def open_rig(
    env: simcord.Env,
    bot: YiqiBot,
    *,
    time: FaultTime,
    wall: MovableClock,
    make_settings: Callable[[], Settings],
    engine: TranslationEngine,
) -> Rig:
    """A server with a bridge and one English question, its mirror open in Chinese."""
    guild = env.create_guild("RedNote Friends")
    admins = guild.create_role("admin", permissions=discord.Permissions(manage_guild=True))
    en, zh = guild.create_text_channel("ask-english"), guild.create_text_channel("问问中文")
    admin = guild.add_member(env.create_user("mod"), roles=[admins])
    alice = guild.add_member(env.create_user("alice", global_name="Alice"))
    wei = guild.add_member(env.create_user("wei", global_name="小伟"))
    await admin.slash(en, "setup bridge", english_channel=en, chinese_channel=zh)
    await alice.send(en, "Does every Chinese person own a panda?")
    [question_thread], [reply_thread] = en.threads, zh.threads
    rig = Rig(
        env,
        bot,
        time,
        wall,
        make_settings,
        engine,
        MirrorLedger(env),
        guild,
        en,
        zh,
        wei,
        question_thread,
        reply_thread,
    )
    env.backend.subscribers.append(rig._on_event)
    return rig
