"""Every request the bot sends into SimCord, checked as it is made.

SimCord's two transports (discord.py's ``HTTPClient.request`` and the webhook adapter that
carries interaction responses and webhook executions) both hand each request to
``simcord.http.router.dispatch`` with the method, the path without its query, the JSON body
(a multipart request's ``payload_json`` already parsed) and the query parameters. Checking
there covers every scenario, however its client was built: the ``simcord_env`` fixture,
``simcord.run`` inside ``yiqi demo``, a bare ``discord.Client``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from simcord.http import router

from tests.support.discord_api.conformance import ConformanceChecker, Violation


class RequestWatch:
    """Violations of the requests seen so far (a test's, when used by the fixture)."""

    def __init__(self, checker: ConformanceChecker) -> None:
        self.checker = checker
        self.requests = 0
        self.violations: list[Violation] = []

    def see(self, method: str, path: str, body: Any | None, params: Any | None) -> None:
        self.requests += 1
        self.violations += self.checker.check(method, path, body=body, params=params or {})


@contextmanager
def watching_simcord_requests(checker: ConformanceChecker) -> Iterator[RequestWatch]:
    """Check each request SimCord receives while the block runs."""
    watch = RequestWatch(checker)
    original = router.dispatch

    def checked(backend: Any, method: str, path: str, **kwargs: Any) -> Any:
        watch.see(method, path, kwargs.get("json"), kwargs.get("params"))
        return original(backend, method, path, **kwargs)

    router.dispatch = checked
    try:
        yield watch
    finally:
        router.dispatch = original
