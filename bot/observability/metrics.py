"""Every Prometheus metric of one bot process, in one object with its own registry.

A registry per bot (not prometheus_client's global one): two bots in one process, or one
test after another, never share or collide on a series.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import HistogramMetricFamily, Metric
from prometheus_client.registry import Collector

# direction → {batch size: how many model calls had it}
BatchSizes = Callable[[], Mapping[str, Mapping[int, int]]]

# Stored → mirrored: most relays take about a second; retries reach minutes and hours.
_RELAY_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600, 4 * 3600)
_TRANSLATION_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)
_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


class Metrics:
    """The metric objects; callers record through the small methods below."""

    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        self.gateway_latency = Gauge(
            "yiqi_gateway_latency_seconds",
            "Heartbeat latency of each gateway shard (NaN before the first heartbeat).",
            ["shard"],
            registry=registry,
        )
        self.gateway_connected = Gauge(
            "yiqi_gateway_connected",
            "1 when the shard's gateway connection is open, else 0.",
            ["shard"],
            registry=registry,
        )
        self.events = Counter(
            "yiqi_events", "Events dispatched by discord.py, by name.", ["event"], registry=registry
        )
        self.event_errors = Counter(
            "yiqi_event_errors",
            "Event listeners that raised, by event name.",
            ["event"],
            registry=registry,
        )
        self.interactions = Counter(
            "yiqi_interactions",
            "Interactions by type and outcome (received; ok or error for commands).",
            ["type", "outcome"],
            registry=registry,
        )
        self.relays = Counter(
            "yiqi_relays",
            "Relay outcomes: delivered, failed (retried), dead, discarded; fault when failed.",
            ["outcome", "fault"],
            registry=registry,
        )
        self.relay_latency = Histogram(
            "yiqi_relay_latency_seconds",
            "From a relay's store to its mirror's first delivery.",
            buckets=_RELAY_BUCKETS,
            registry=registry,
        )
        self.relay_backlog = Gauge(
            "yiqi_relay_backlog",
            "Relays still to be sent (pending or failed and due for retry), from the database.",
            registry=registry,
        )
        self.translations = Counter(
            "yiqi_translations",
            "Translation requests by status and whether the cache answered.",
            ["status", "cache"],
            registry=registry,
        )
        self.translation_seconds = Histogram(
            "yiqi_translation_seconds",
            "Time to translate one text (cache hits included).",
            buckets=_TRANSLATION_BUCKETS,
            registry=registry,
        )
        self.discord_http = Counter(
            "yiqi_discord_http_responses",
            "Discord HTTP responses by kind (api or webhook), method and status.",
            ["kind", "method", "status"],
            registry=registry,
        )
        self.discord_rate_limited = Counter(
            "yiqi_discord_http_rate_limited",
            "Discord HTTP 429 answers, by kind and X-RateLimit-Scope.",
            ["kind", "scope"],
            registry=registry,
        )
        self.discord_http_errors = Counter(
            "yiqi_discord_http_errors",
            "Discord HTTP requests that got no answer (connection errors, timeouts).",
            ["kind", "error"],
            registry=registry,
        )
        self.job_runs = Counter(
            "yiqi_scheduled_job_runs",
            "Scheduled job runs by job and outcome (ok, error, missed).",
            ["job", "outcome"],
            registry=registry,
        )
        self.job_last_success = Gauge(
            "yiqi_scheduled_job_last_success_timestamp_seconds",
            "Unix time of each job's last successful run.",
            ["job"],
            registry=registry,
        )
        self.digest_posts = Counter(
            "yiqi_digest_posts",
            "Digest publish attempts by outcome.",
            ["outcome"],
            registry=registry,
        )
        self.event_loop_lag = Gauge(
            "yiqi_event_loop_lag_seconds",
            "How long the event loop took to run a callback, at the last health check.",
            registry=registry,
        )
        # Read at each scrape (gateway state, backlog): set by whoever owns the source.
        self._before_scrape: list[Callable[[], object]] = []

    def relay_outcome(self, outcome: str, fault: str = "") -> None:
        self.relays.labels(outcome=outcome, fault=fault).inc()

    def relay_delivered(self, latency_seconds: float | None) -> None:
        self.relay_outcome("delivered")
        if latency_seconds is not None:
            self.relay_latency.observe(max(0.0, latency_seconds))

    def translated(self, status: str, *, from_cache: bool, seconds: float) -> None:
        self.translations.labels(status=status, cache="hit" if from_cache else "miss").inc()
        self.translation_seconds.observe(seconds)

    def digest_posted(self, outcome: str) -> None:
        self.digest_posts.labels(outcome=outcome).inc()

    def watch_batches(self, sizes: BatchSizes) -> None:
        """Export the batching workers' own tallies (read at scrape; nothing on the hot path)."""
        self.registry.register(_BatchSizeCollector(sizes))

    def before_scrape(self, refresh: Callable[[], object]) -> None:
        """``refresh`` runs before each scrape (awaited when it returns an awaitable)."""
        self._before_scrape.append(refresh)

    @property
    def refreshers(self) -> tuple[Callable[[], object], ...]:
        return tuple(self._before_scrape)


class _BatchSizeCollector(Collector):
    def __init__(self, sizes: BatchSizes) -> None:
        self._sizes = sizes

    def collect(self) -> Iterator[Metric]:
        family = HistogramMetricFamily(
            "yiqi_translation_batch_size",
            "Sentences per model call of the batching worker.",
            labels=["direction"],
        )
        for direction, counts in sorted(self._sizes().items()):
            buckets = [
                (str(float(bound)), float(sum(n for s, n in counts.items() if s <= bound)))
                for bound in _BATCH_BUCKETS
            ]
            buckets.append(("+Inf", float(sum(counts.values()))))
            total = float(sum(size * n for size, n in counts.items()))
            family.add_metric([direction], buckets, total)
        yield family
