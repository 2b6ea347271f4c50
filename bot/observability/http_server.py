"""The bot process's small HTTP server: ``/metrics``, ``/healthz``, ``/readyz``.

aiohttp (already a discord.py dependency) through a runner and a TCP site: the listening
socket lives on the loop, and no task of the bot waits on it (SimCord's settle() counts
bot-owned waiting tasks as unfinished work). Every answer closes its connection, so no
keep-alive handler lingers between scrapes either.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Mapping

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.observability.health import LagProbe, ReadinessCheck, Verdict, liveness, readiness
from bot.observability.metrics import Metrics

log = logging.getLogger(__name__)

DEFAULT_LAG_BOUND = 1.0  # seconds: past this the gateway heartbeat is at risk
DEFAULT_CHECK_TIMEOUT = 3.0


class ObservabilityServer:
    def __init__(
        self,
        metrics: Metrics,
        checks: Mapping[str, ReadinessCheck],
        lag_probe: LagProbe,
        *,
        host: str,
        port: int,
        lag_bound: float = DEFAULT_LAG_BOUND,
        check_timeout: float = DEFAULT_CHECK_TIMEOUT,
    ) -> None:
        self._metrics = metrics
        self._checks = dict(checks)
        self._lag_probe = lag_probe
        self._host = host
        self._port = port
        self._lag_bound = lag_bound
        self._check_timeout = check_timeout
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    @property
    def port(self) -> int:
        """The port it listens on (the real one when started on port 0)."""
        if self._runner is None:
            raise RuntimeError("not started")
        for address in self._runner.addresses:
            return int(address[1])
        raise RuntimeError("not listening")

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/metrics", self._scrape)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        return app

    async def start(self) -> None:
        runner = web.AppRunner(self._app(), access_log=None, handle_signals=False)
        await runner.setup()
        self._site = web.TCPSite(runner, self._host, self._port)
        await self._site.start()
        self._runner = runner
        log.info("observability server on http://%s:%d", self._host, self.port)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _scrape(self, request: web.Request) -> web.Response:
        for refresh in self._metrics.refreshers:
            try:
                outcome = refresh()
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                log.exception("metrics refresh failed; serving the last values")
        body = generate_latest(self._metrics.registry)
        response = web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
        response.force_close()
        return response

    async def _healthz(self, request: web.Request) -> web.Response:
        lag = await self._lag_probe()
        self._metrics.event_loop_lag.set(lag)
        return _answer(liveness(lag, self._lag_bound))

    async def _readyz(self, request: web.Request) -> web.Response:
        return _answer(await readiness(self._checks, self._check_timeout))


def _answer(verdict: Verdict) -> web.Response:
    response = web.json_response(
        {"status": "ok" if verdict.ok else "unavailable", **verdict.detail},
        status=200 if verdict.ok else 503,
    )
    response.force_close()
    return response
