"""The Bot subclass: the one place that builds (and tears down) everything."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import discord
import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.ext import commands
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.adapters.app_commands_translator import CatalogTranslator
from bot.adapters.command_tree import YiqiCommandTree
from bot.adapters.mirror_sink import DiscordMirrorSink
from bot.adapters.send_pacing import MonotonicTime, SendPacer, TimeSource
from bot.i18n.catalogs import LOCALE_DIR, Catalogs
from bot.i18n.context import install_catalogs
from bot.in_flight import InFlight
from bot.observability.discord_hooks import (
    discord_http_trace,
    gateway_ready,
    refresh_gateway,
    watch_scheduler,
)
from bot.observability.health import Throttled, database_answers, loop_lag
from bot.observability.http_server import ObservabilityServer
from bot.observability.log_context import event_context
from bot.observability.metrics import Metrics
from bot.services.cat_tax.service import CatTaxService
from bot.services.cooldowns import CommandCooldowns, MemberCooldown, Rate
from bot.services.corrections.service import CorrectionService
from bot.services.corrections.settings import LearningSettings
from bot.services.digest.composer import WeeklyDigestComposer
from bot.services.digest.config import DigestConfigService
from bot.services.digest.ports import DigestComposer
from bot.services.digest.publisher import DigestPublisher
from bot.services.exchange.bridges import BridgeService
from bot.services.exchange.questions import QuestionService
from bot.services.exchange.reactions import ReactionCounter
from bot.services.glossary.service import GlossaryService
from bot.services.language.guild_scripts import GuildScripts
from bot.services.language.members import MemberService
from bot.services.language.translator import GuildTranslator
from bot.services.log_redaction import error_trace, install_redaction
from bot.services.memory.entries import MemoryEntries
from bot.services.memory.lookup import MemoryLookup
from bot.services.memory.service import MemoryService
from bot.services.penpal.matching import OffLoopMatcher
from bot.services.penpal.opening import PairOpening
from bot.services.penpal.pool import PenpalService
from bot.services.penpal.proposals import PenpalProposalService
from bot.services.penpal.safety import PenpalSafetyService
from bot.services.pinyin.service import PinyinService
from bot.services.privacy.service import PrivacyService
from bot.services.relay.backfill import RelayBackfill
from bot.services.relay.health import RelayHealthService
from bot.services.relay.intake import IntakeBuffer
from bot.services.relay.port import MirrorSink
from bot.services.relay.service import RelayService
from bot.settings import Settings
from bot.translation.cache import TranslationCache
from bot.translation.db_cache import DatabaseTranslationCache
from bot.translation.engine import TranslationEngine
from bot.translation.packages import list_installed
from bot.translation.runtime import DecodingOptions
from db.clock import Clock, utcnow
from db.engine import create_engine, create_sessionmaker
from db.migrate import upgrade_database_async

log = logging.getLogger(__name__)
REMOTE_DIRECTIONS = ("en_zh", "zh_en")

EXTENSIONS = (
    "cogs.setup",
    "cogs.language",
    "cogs.exchange",
    "cogs.privacy",
    "cogs.glossary",
    "cogs.cat_tax",
    "cogs.penpal",
    "cogs.digest",
    "cogs.relay_health",
    "cogs.corrections",
    "cogs.pinyin",
    "cogs.memory",
)


# The relay backlog is a COUNT over the outbox: read at most this often, however often scraped.
BACKLOG_READ_SECONDS = 15.0


@dataclass
class Services:
    """What cogs call. Built in ``setup_hook``; cogs never build their own."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    translation: TranslationEngine
    translator: GuildTranslator
    bridges: BridgeService
    members: MemberService
    relay: RelayService
    relay_intake: IntakeBuffer  # incoming events held while the database is out
    relay_backfill: RelayBackfill  # what was posted while the bot was down
    relay_health: RelayHealthService
    questions: QuestionService
    privacy: PrivacyService
    penpal: PenpalService
    penpal_proposals: PenpalProposalService
    penpal_opening: PairOpening
    penpal_safety: PenpalSafetyService
    reactions: ReactionCounter
    scheduler: AsyncIOScheduler
    scripts: GuildScripts
    send_pacer: SendPacer
    mirror_sink: MirrorSink
    glossary: GlossaryService
    cat_tax: CatTaxService
    digest_config: DigestConfigService
    digest: DigestPublisher
    cooldowns: CommandCooldowns
    corrections: CorrectionService
    learning: LearningSettings
    pinyin: PinyinService
    memory: MemoryService  # improving a mirror's translation, consent
    memory_entries: MemoryEntries  # /tm list and revert


def bot_intents() -> discord.Intents:
    intents = discord.Intents.default()
    intents.message_content = True  # privileged: the relay reads what members write
    return intents


class YiqiBot(commands.Bot):
    """Yiqi. ``translation`` may be passed in (tests share one loaded model), and so may the
    digest's composer (scenarios about posting, not about what a digest says).

    ``time_source`` is the monotonic clock: it paces webhook sends and ages the in-process
    caches (the real clock unless a simulation passes its own); ``clock`` is the wall clock
    every service reads (tests pass one they can move).
    """

    def __init__(
        self,
        settings: Settings,
        *,
        translation: TranslationEngine | None = None,
        digest_composer: DigestComposer | None = None,
        sync_commands: bool = True,
        time_source: TimeSource | None = None,
        clock: Clock = utcnow,
    ) -> None:
        # Before discord.py builds its HTTP client: the trace goes into its aiohttp session.
        self.metrics = Metrics()
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=bot_intents(),
            help_command=None,
            tree_cls=YiqiCommandTree,
            # Nothing Yiqi posts may ping anyone unless a reply opts in explicitly.
            allowed_mentions=discord.AllowedMentions.none(),
            http_trace=discord_http_trace(self.metrics),
            **self.gateway_options(settings),
        )
        self.settings = settings
        self._given_translation = translation
        self._given_digest_composer = digest_composer
        self._sync_commands = sync_commands
        self._time_source: TimeSource = time_source or MonotonicTime()
        # Every service reads time from here, so a test moves time by giving the bot a clock.
        self.clock = clock
        # Relay work under way: close() lets it finish (within the shutdown grace period).
        self.in_flight = InFlight()
        self._db_engine: AsyncEngine | None = None
        self._matcher_processes: ProcessPoolExecutor | None = None
        self._services: Services | None = None
        # Set once start-up builds things: a failed login before it may be tried again.
        self.setup_started = False
        self._observability: ObservabilityServer | None = None

    def gateway_options(self, settings: Settings) -> dict[str, Any]:
        """Extra discord.py client options (the sharded bot names its shards)."""
        return {}

    @property
    def syncs_commands(self) -> bool:
        """Whether start-up syncs the application commands with Discord."""
        return self._sync_commands

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are built in setup_hook")
        return self._services

    async def setup_hook(self) -> None:
        self.setup_started = True
        settings = self.settings
        # First: liveness answers while the models load; readiness says "not yet" until then.
        await self._start_observability()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._db_engine = create_engine(settings.effective_database_url)
        await upgrade_database_async(self._db_engine)
        sessions = create_sessionmaker(self._db_engine)

        catalogs = await asyncio.to_thread(Catalogs.load, LOCALE_DIR)
        install_catalogs(catalogs)
        await self.tree.set_translator(CatalogTranslator(catalogs))

        translation = self._given_translation
        if translation is None:
            cache = DatabaseTranslationCache(sessions) if self.settings.translation_cache else None
            translation = await open_translation_engine(self.settings, cache)
        scheduler = AsyncIOScheduler(timezone="UTC")
        watch_scheduler(self.metrics, scheduler)
        scheduler.start()
        send_pacer = SendPacer(self._time_source)
        # One instance of each cached service, shared by all its readers (policy and bounds:
        # bot.services.caches); they age entries on the host's monotonic clock. Not on the
        # pacer's time source: a simulation skips that forward on every paced send, which
        # would expire every entry between two messages of a burst.
        monotonic = time.monotonic
        scripts = GuildScripts(sessions, monotonic=monotonic)
        glossary = GlossaryService(sessions, monotonic=monotonic)
        shards = settings.shard_scope  # sweeps work only on these shards' guilds
        digest_config = DigestConfigService(sessions, shards)
        metrics = self.metrics
        memory = MemoryLookup(sessions, monotonic=monotonic)
        translator = GuildTranslator(translation, scripts, glossary, metrics=metrics, memory=memory)
        clock = self.clock
        # Large pen-pal pools are solved in a worker process (started on first use): scipy's
        # sparse solver holds the GIL for seconds, which a thread cannot keep off the gateway.
        # Spawned, not forked: a fork would copy the running loop, sockets and model threads.
        self._matcher_processes = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
        relay = RelayService(
            sessions,
            translator,
            clock=clock,
            max_attempts=settings.relay_max_attempts,
            metrics=metrics,
            shards=shards,
        )
        self._services = Services(
            sessions=sessions,
            clock=clock,
            translation=translation,
            translator=translator,
            bridges=BridgeService(sessions),
            members=MemberService(sessions),
            relay=relay,
            relay_intake=IntakeBuffer(),
            relay_backfill=RelayBackfill(
                sessions, window=timedelta(hours=settings.relay_backfill_hours), clock=clock
            ),
            relay_health=RelayHealthService(sessions, clock=clock, metrics=metrics, shards=shards),
            questions=QuestionService(sessions, clock=clock),
            privacy=PrivacyService(
                sessions, clock=clock, forget_translations=translation.forget_texts
            ),
            penpal=PenpalService(sessions, clock=clock),
            penpal_proposals=PenpalProposalService(
                sessions,
                translator,
                proposal_lifetime=timedelta(hours=settings.penpal_proposal_hours),
                clock=clock,
                matcher=OffLoopMatcher(self._matcher_processes),
                shards=shards,
            ),
            penpal_opening=PairOpening(sessions, clock=clock),
            penpal_safety=PenpalSafetyService(sessions, clock=clock),
            reactions=ReactionCounter(sessions),
            scheduler=scheduler,
            scripts=scripts,
            send_pacer=send_pacer,
            mirror_sink=DiscordMirrorSink(self, send_pacer),
            glossary=glossary,
            cat_tax=CatTaxService(sessions, clock=clock, monotonic=monotonic),
            digest_config=digest_config,
            digest=DigestPublisher(
                sessions,
                digest_config,
                self._given_digest_composer
                or WeeklyDigestComposer(sessions, traditional_config=settings.traditional_variant),
                grace=timedelta(hours=settings.digest_grace_hours),
                lease=timedelta(minutes=settings.digest_claim_lease_minutes),
                clock=clock,
                metrics=metrics,
            ),
            cooldowns=CommandCooldowns(
                translate=MemberCooldown(Rate.parse(settings.translate_rate), clock),
                ask=MemberCooldown(Rate.parse(settings.ask_rate), clock),
                digest_preview=MemberCooldown(Rate.parse(settings.digest_preview_rate), clock),
                pinyin=MemberCooldown(Rate.parse(settings.pinyin_rate), clock),
                correct=MemberCooldown(Rate.parse(settings.correct_rate), clock),
                improve=MemberCooldown(Rate.parse(settings.improve_rate), clock),
            ),
            corrections=CorrectionService(sessions, translator, relay, clock=clock),
            learning=LearningSettings(sessions, clock=clock),
            pinyin=PinyinService(sessions),
            memory=MemoryService(sessions, translator, memory, clock=clock),
            memory_entries=MemoryEntries(sessions, memory, clock=clock),
        )
        self._watch(self._services)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self._sync_commands:
            await self.tree.sync()
        log.info(
            "Yiqi ready: translation directions %s, unavailable %s",
            sorted(translation.directions),
            sorted(translation.unavailable) or "none",
        )

    def _watch(self, services: Services) -> None:
        """What is read at scrape time rather than counted as it happens."""
        translation = services.translation
        self.metrics.watch_batches(
            lambda: {
                direction: batcher.stats.size_counts
                for direction in translation.directions
                if (batcher := translation.batcher(direction)) is not None
            }
        )
        backlog = Throttled(services.relay_health.backlog, BACKLOG_READ_SECONDS)

        async def refresh_backlog() -> None:
            pending = await backlog.value()
            if pending is not None:
                self.metrics.relay_backlog.set(pending)

        self.metrics.before_scrape(refresh_backlog)

    async def _start_observability(self) -> None:
        """``/metrics``, ``/healthz`` and ``/readyz`` when a port is configured."""
        self.metrics.before_scrape(lambda: refresh_gateway(self.metrics, self))
        if not self.settings.metrics_port:
            return
        self._observability = ObservabilityServer(
            self.metrics,
            {
                "discord": lambda: gateway_ready(self),
                "database": self._database_ready,
                "translation": self._translation_ready,
            },
            loop_lag,
            host=self.settings.metrics_host,
            port=self.settings.metrics_port,
        )
        await self._observability.start()

    @property
    def observability(self) -> ObservabilityServer | None:
        return self._observability

    async def _database_ready(self) -> bool:
        return self._db_engine is not None and await database_answers(self._db_engine)

    async def _translation_ready(self) -> bool:
        """Models loaded in this process, or translation workers answering."""
        services = self._services
        return services is not None and await services.translation.reachable()

    def dispatch(self, event_name: str, /, *args: Any, **kwargs: Any) -> None:
        """Every event: counted, and its handlers' log lines carry its ids (the tasks
        discord.py starts for them copy the context bound here)."""
        self.metrics.events.labels(event=event_name).inc()
        if event_name == "interaction" and args:
            kind = getattr(getattr(args[0], "type", None), "name", "unknown")
            self.metrics.interactions.labels(type=kind, outcome="received").inc()
        elif event_name == "app_command_completion":
            self.metrics.interactions.labels(type="application_command", outcome="ok").inc()
        with structlog.contextvars.bound_contextvars(**event_context(event_name, args)):
            super().dispatch(event_name, *args, **kwargs)

    async def close(self) -> None:
        """Stop cleanly: no new sweeps, relays under way finish (bounded), then tear down.

        Relays still unfinished after ``shutdown_grace_seconds`` are cancelled; they are
        stored already and the retry sweep delivers them after the next start. Events held
        while the database was out get what is left of the period; the rest are read back
        by the next start's back-fill.
        """
        services = self._services
        if services is not None and services.scheduler.running:
            services.scheduler.pause()  # no new sweep while the relays under way finish
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.settings.shutdown_grace_seconds
            await self.in_flight.drain(self.settings.shutdown_grace_seconds)
            # Events held while the database was out get what is left of the grace period.
            await services.relay_intake.drain(max(0.0, deadline - loop.time()))
            await self._release_relay_claims(services)
        await super().close()  # unloads the extensions (they still see the services)
        services, self._services = self._services, None
        if services is not None:
            if services.scheduler.running:
                services.scheduler.shutdown(wait=False)
            if self._given_translation is None:
                await services.translation.close()
        if self._matcher_processes is not None:
            processes, self._matcher_processes = self._matcher_processes, None
            # A solve under way finishes (seconds); waiting happens off the loop.
            await asyncio.to_thread(processes.shutdown, wait=True, cancel_futures=True)
        if self._db_engine is not None:
            await self._db_engine.dispose()
            self._db_engine = None
        if self._observability is not None:
            server, self._observability = self._observability, None
            await server.stop()

    async def _release_relay_claims(self, services: Services) -> None:
        """What this process still held is free for the next start at once (else: when the
        claims expire)."""
        try:
            released = await services.relay.release_claims()
        except Exception:
            log.exception("shutdown: could not release relay claims; they expire by themselves")
            return
        if released:
            log.info("shutdown: released %d relays for the next start", released)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """Listener errors: log with the event's ids (never its payload, which holds what
        members wrote); the bot keeps running."""
        self.metrics.event_errors.labels(event=event_method.removeprefix("on_")).inc()
        error = sys.exc_info()[1]
        where = event_ids(args[:2])
        if error is None:
            log.error("error in event %s (%s)", event_method, where)
            return
        log.error("error in event %s (%s)\n%s", event_method, where, error_trace(error))
        log.debug("error in event %s (%s), in full", event_method, where, exc_info=error)

    async def login(self, token: str) -> None:
        # Logging is set up before the token is known here (``yiqi run`` passes it too).
        install_redaction(logging.getLogger().handlers, [token])
        await super().login(token)


def event_ids(args: tuple[Any, ...]) -> str:
    """An event's arguments by type and ids: ``Message(id=1, channel_id=2, guild_id=3)``."""
    described = []
    for arg in args:
        ids = {
            name: value
            for name in _ID_ATTRIBUTES
            if isinstance(value := getattr(arg, name, None), int)
        }
        fields = ", ".join(f"{name}={value}" for name, value in ids.items())
        described.append(f"{type(arg).__name__}({fields})")
    return ", ".join(described)


_ID_ATTRIBUTES = ("id", "message_id", "channel_id", "guild_id", "user_id")


def load_local_engine(settings: Settings, cache: TranslationCache | None) -> TranslationEngine:
    """Every installed model, in process (blocking: call from a thread)."""
    return TranslationEngine.load(
        list_installed(settings.models_dir),
        options=DecodingOptions(
            beam_size=settings.translation_beam_size, max_batch=settings.translation_max_batch
        ),
        threads=settings.translation_threads,
        cache=cache,
        traditional_config=settings.traditional_variant,
    )


async def open_translation_engine(
    settings: Settings, cache: TranslationCache | None = None
) -> TranslationEngine:
    """The translation workers over NATS when ``YIQI_NATS_URL`` is set, else in process."""
    if not settings.nats_url:
        return await asyncio.to_thread(load_local_engine, settings, cache)
    from bot.translation.remote.client import connect_engine  # nats is the `scale` extra

    # The directions installed beside the bot, else both: which exist is the workers' business.
    installed = {m.direction for m in list_installed(settings.models_dir)}
    return await connect_engine(
        settings.nats_url,
        sorted(installed or REMOTE_DIRECTIONS),
        request_timeout=settings.nats_timeout_seconds,
        beam_size=settings.translation_beam_size,
        cache=cache,
        traditional_config=settings.traditional_variant,
    )
