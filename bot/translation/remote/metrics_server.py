"""Serve a Prometheus registry on ``/metrics`` over HTTP, in a daemon thread (a worker has
no aiohttp loop to share; the bot's own endpoints are ``ObservabilityServer``'s)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, start_http_server

LOOPBACK = "127.0.0.1"


class MetricsServer:
    """``/metrics`` for ``registry`` on ``port`` (0: any free port, see ``port``)."""

    def __init__(self, registry: CollectorRegistry, port: int, *, host: str = LOOPBACK):
        self._server, self._thread = start_http_server(port, addr=host, registry=registry)

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
