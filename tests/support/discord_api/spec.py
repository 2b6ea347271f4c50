"""Discord's OpenAPI description (vendored here): its operations, found by method and path."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_FILE = Path(__file__).with_name("openapi.json.gz")
SCHEMA_PREFIX = "#/components/schemas/"
_METHODS = frozenset({"get", "put", "post", "patch", "delete"})


@dataclass(frozen=True)
class Operation:
    """One documented (method, route) and what it accepts."""

    method: str
    template: str  # "/channels/{channel_id}/messages"
    path_args: dict[str, str]  # template name -> the request's segment
    parameters: dict[tuple[str, str], dict[str, Any]]  # (in, name) -> parameter object
    request_body: dict[str, Any] | None

    def body_schema(self) -> dict[str, Any] | None:
        """The JSON body's schema (a multipart request's ``payload_json`` is the same body)."""
        if self.request_body is None:
            return None
        content = self.request_body.get("content", {})
        for media_type in ("application/json", "multipart/form-data"):
            if media_type in content:
                schema: dict[str, Any] = content[media_type]["schema"]
                return schema
        return None

    @property
    def body_required(self) -> bool:
        return bool(self.request_body and self.request_body.get("required"))


class DiscordApiSpec:
    """Routes of the OpenAPI file, matched the way Discord routes: literal segments first."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._routes: dict[str, list[tuple[list[str], str, dict[str, Any]]]] = {}
        for template, item in document["paths"].items():
            shared = item.get("parameters", [])
            for method, operation in item.items():
                if method not in _METHODS:
                    continue
                merged = {**operation, "parameters": [*shared, *operation.get("parameters", [])]}
                segments = template.strip("/").split("/")
                self._routes.setdefault(method.upper(), []).append((segments, template, merged))

    def schema(self, ref: str) -> dict[str, Any]:
        """The component a ``$ref`` names (only local component refs occur in the file)."""
        if not ref.startswith(SCHEMA_PREFIX):
            raise ValueError(f"unsupported $ref {ref!r}")
        found: dict[str, Any] = self.document["components"]["schemas"][ref[len(SCHEMA_PREFIX) :]]
        return found

    def operation(self, method: str, path: str) -> Operation | None:
        """The documented operation for ``method path`` (no query string), or None."""
        segments = path.strip("/").split("/")
        best: tuple[int, str, dict[str, Any], dict[str, str]] | None = None
        for template_segments, template, operation in self._routes.get(method.upper(), ()):
            if len(template_segments) != len(segments):
                continue
            args = _match(template_segments, segments)
            if args is None:
                continue
            literals = len(segments) - len(args)
            if best is None or literals > best[0]:
                best = (literals, template, operation, args)
        if best is None:
            return None
        _, template, operation, args = best
        return Operation(
            method=method.upper(),
            template=template,
            path_args=args,
            parameters={(p["in"], p["name"]): p for p in operation["parameters"]},
            request_body=operation.get("requestBody"),
        )


def _match(template: list[str], segments: list[str]) -> dict[str, str] | None:
    args: dict[str, str] = {}
    for expected, actual in zip(template, segments, strict=True):
        if expected.startswith("{") and expected.endswith("}"):
            if not actual:
                return None
            args[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return args


# Limits Discord documents for bots that the file states more loosely: a message's content is
# "up to 2000 characters" (Create Message, Edit Message); the file's 4000 is the Nitro limit
# of user accounts, which a bot does not have.
DOCUMENTED_LIMITS = {
    ("MessageCreateRequest", "content"): 2000,
    ("MessageEditRequestPartial", "content"): 2000,
    ("BaseCreateMessageCreateRequest", "content"): 2000,  # a forum post's starter message
}


@cache
def load_spec() -> DiscordApiSpec:
    """The vendored description, parsed once per process, with the documented limits."""
    with gzip.open(SPEC_FILE, "rt", encoding="utf-8") as stream:
        document = json.load(stream)
    schemas = document["components"]["schemas"]
    for (schema, field), limit in DOCUMENTED_LIMITS.items():
        schemas[schema]["properties"][field]["maxLength"] = limit
    return DiscordApiSpec(document)
