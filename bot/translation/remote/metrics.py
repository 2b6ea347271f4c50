"""A translation worker's Prometheus metrics, in a registry of its own (several workers may
share a process in tests and benchmarks)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)


class WorkerMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        self.requests = Counter(
            "yiqi_worker_requests",
            "Translation requests answered, by direction and outcome (ok, busy, error).",
            ["direction", "outcome"],
            registry=self.registry,
        )
        self.busy = Counter(
            "yiqi_worker_busy",
            "Requests refused because the worker held its most in-flight work.",
            registry=self.registry,
        )
        self.batch_sizes = Histogram(
            "yiqi_worker_batch_size",
            "Sentences per model call.",
            buckets=_BATCH_BUCKETS,
            registry=self.registry,
        )
        self.latency = Histogram(
            "yiqi_worker_request_seconds",
            "From a request's arrival to its answer, by direction.",
            ["direction"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "yiqi_worker_in_flight",
            "Requests accepted and not yet answered.",
            registry=self.registry,
        )
