"""Where the bot's own machinery is watched: discord.py's HTTP session, gateway shards and
the scheduler. Each hook is one the library offers (no patching of discord.py)."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from typing import Any

import discord
from aiohttp import (
    ClientSession,
    TraceConfig,
    TraceRequestEndParams,
    TraceRequestExceptionParams,
)
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)

from bot.observability.metrics import Metrics

# A job id names its family before a per-guild suffix ("weekly-digest:123" → "weekly-digest"):
# one series per job kind, not per guild.
_JOB_SUFFIX = re.compile(r"[:/]\d+$")


def _kind(path: str) -> str:
    return "webhook" if "/webhooks/" in path else "api"


def discord_http_trace(metrics: Metrics) -> TraceConfig:
    """For ``discord.Client(http_trace=...)``: discord.py builds its one aiohttp session with
    it, and both REST calls and webhook posts (relays) go through that session."""

    async def on_end(
        session: ClientSession, context: SimpleNamespace, params: TraceRequestEndParams
    ) -> None:
        kind = _kind(params.url.path)
        status = params.response.status
        metrics.discord_http.labels(kind=kind, method=params.method, status=str(status)).inc()
        if status == 429:
            scope = params.response.headers.get("X-RateLimit-Scope", "unknown")
            metrics.discord_rate_limited.labels(kind=kind, scope=scope).inc()

    async def on_exception(
        session: ClientSession, context: SimpleNamespace, params: TraceRequestExceptionParams
    ) -> None:
        error = type(params.exception).__name__
        metrics.discord_http_errors.labels(kind=_kind(params.url.path), error=error).inc()

    trace = TraceConfig()
    trace.on_request_end.append(on_end)
    trace.on_request_exception.append(on_exception)
    return trace


def _shards(client: discord.Client) -> dict[str, tuple[bool, float]]:
    """shard id → (connected, heartbeat latency) for every shard this process runs."""
    if isinstance(client, discord.AutoShardedClient):
        return {
            str(shard_id): (not shard.is_closed(), shard.latency)
            for shard_id, shard in client.shards.items()
        }
    connected = client.ws is not None and not client.is_closed() and client.is_ready()
    return {str(client.shard_id or 0): (connected, client.latency)}


def refresh_gateway(metrics: Metrics, client: discord.Client) -> None:
    for shard, (connected, latency) in _shards(client).items():
        metrics.gateway_connected.labels(shard=shard).set(1 if connected else 0)
        metrics.gateway_latency.labels(shard=shard).set(latency)


async def gateway_ready(client: discord.Client) -> bool:
    """Ready: logged in, the READY of every own shard seen, no shard closed."""
    shards = _shards(client)
    return client.is_ready() and bool(shards) and all(up for up, _ in shards.values())


def watch_scheduler(metrics: Metrics, scheduler: Any) -> None:
    """Count every run of every job and note the last success (APScheduler's listeners)."""

    def on_job(event: JobExecutionEvent) -> None:
        job = _JOB_SUFFIX.sub("", str(event.job_id))
        if event.code == EVENT_JOB_EXECUTED:
            metrics.job_runs.labels(job=job, outcome="ok").inc()
            metrics.job_last_success.labels(job=job).set(time.time())
        elif event.code == EVENT_JOB_ERROR:
            metrics.job_runs.labels(job=job, outcome="error").inc()
        else:
            metrics.job_runs.labels(job=job, outcome="missed").inc()

    scheduler.add_listener(on_job, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
