"""Is an HTTP request one Discord documents? Route, parameters, body and command names."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from tests.support.discord_api.commands import COMMAND_ROUTES, command_failures
from tests.support.discord_api.schema import Failure, SchemaValidator, utf16_length
from tests.support.discord_api.spec import DiscordApiSpec, Operation, load_spec

EXCERPT = 60  # characters of an offending value shown in a report


@dataclass(frozen=True)
class Violation:
    """One broken rule in one request, told so a reader can find it without the spec."""

    method: str
    path: str
    route: str | None  # the documented template, None when the route is unknown
    where: str  # "body /content", "query limit", "path channel_id" or "route"
    value: Any
    rule: str

    def __str__(self) -> str:
        route = f"{self.method} {self.route or self.path}"
        return f"{route} [{self.path}] {self.where}: {excerpt(self.value)} breaks {self.rule}"


def excerpt(value: Any) -> str:
    """A short, readable rendering of a value (long text cut, its length kept)."""
    if isinstance(value, str):
        shown = value if len(value) <= EXCERPT else value[:EXCERPT] + "…"
        return f"{shown!r} ({utf16_length(value)} UTF-16 units)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


class LoggedRequest(Protocol):
    """What SimCord records of each request (``simcord.types.HttpLogEntry``, frozen)."""

    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def params(self) -> dict[str, Any]: ...
    @property
    def json(self) -> Any | None: ...


class ConformanceChecker:
    """Checks requests against Discord's OpenAPI description (the vendored copy)."""

    def __init__(self, spec: DiscordApiSpec | None = None) -> None:
        self.spec = spec or load_spec()
        self._schemas = SchemaValidator(self.spec)
        locales = self.spec.schema("#/components/schemas/AvailableLocalesEnum")["oneOf"]
        self._locales = frozenset(entry["const"] for entry in locales)

    def check(
        self,
        method: str,
        path: str,
        *,
        body: Any | None = None,
        params: dict[str, Any] | None = None,
    ) -> list[Violation]:
        """Every rule ``method path`` (no query string) with ``body`` and ``params`` breaks."""
        operation = self.spec.operation(method, path)
        if operation is None:
            return [Violation(method, path, None, "route", path, "a documented route")]

        template = operation.template

        def violations(where: str, failures: Iterable[Failure]) -> list[Violation]:
            return [
                Violation(method, path, template, f"{where} {f.pointer}".strip(), f.value, f.rule)
                for f in failures
            ]

        found: list[Violation] = []
        for name, segment in operation.path_args.items():
            found += violations(f"path {name}", self._parameter(operation, "path", name, segment))
        for name, value in (params or {}).items():
            found += violations(f"query {name}", self._parameter(operation, "query", name, value))
        found += violations("body", self._body(operation, body))
        if body is not None and operation.template in COMMAND_ROUTES:
            found += violations("body", command_failures(body, self._locales))
        return found

    def check_log(self, requests: Iterable[LoggedRequest]) -> list[Violation]:
        """Violations in a SimCord request log (``env.http_requests``)."""
        found: list[Violation] = []
        for request in requests:
            found += self.check(
                request.method, request.path, body=request.json, params=request.params
            )
        return found

    def _body(self, operation: Operation, body: Any | None) -> list[Failure]:
        schema = operation.body_schema()
        if body is None:
            return [Failure("", None, "a request body")] if operation.body_required else []
        if schema is None:
            return [Failure("", body, "no request body for this operation")]
        return self._schemas.failures(schema, body)

    def _parameter(self, operation: Operation, where: str, name: str, value: Any) -> list[Failure]:
        parameter = operation.parameters.get((where, name))
        if parameter is None:
            return [Failure("", value, f"a documented {where} parameter")]
        schema = parameter.get("schema", True)
        failures = self._schemas.failures(schema, value)
        if failures and any(not self._schemas.failures(schema, v) for v in _decoded(value)):
            return []
        return failures


# Discord's "Boolean Query Strings" rule: True, true or 1 are true; False, false or 0 false.
_QUERY_BOOLEANS = {
    **dict.fromkeys(("True", "true", "1"), True),
    **dict.fromkeys(("False", "false", "0"), False),
}


def _decoded(value: Any) -> list[Any]:
    """What a path segment or query value stands for: it travels as text."""
    text = str(value)
    meanings: list[Any] = [text]
    if text in _QUERY_BOOLEANS:
        meanings.append(_QUERY_BOOLEANS[text])
    if text.isdigit():
        meanings.append(int(text))
    return meanings


def describe(violations: list[Violation], limit: int = 20) -> str:
    """A failure message: each violation on its own line (the first ``limit``)."""
    lines = [f"{len(violations)} request(s) break Discord's API description:"]
    lines += [f"  {violation}" for violation in violations[:limit]]
    if len(violations) > limit:
        lines.append(f"  … and {len(violations) - limit} more")
    return "\n".join(lines)
