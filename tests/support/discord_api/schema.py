"""The JSON-schema subset Discord's OpenAPI file uses, checked the way Discord enforces it.

Written for this file rather than taken from a general validator because two rules differ
from JSON Schema on purpose (see README.md): lengths are UTF-16 units, and the file's known
gaps (integer snowflakes, channel type 16) pass. A keyword the file does not use raises, so
nothing is silently ignored if the file grows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from tests.support.discord_api.spec import SCHEMA_PREFIX, DiscordApiSpec

# Keywords that only describe (the file's own, JSON Schema's and OpenAPI's annotations).
_ANNOTATIONS = frozenset(
    {"title", "description", "format", "contentEncoding", "default", "x-discord-union"}
)
_SHAPE_RULES = ("type ", "const ", "one of ", "required")


def _integer_snowflake(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**64


def _media_channel(value: Any) -> bool:
    return value == 16 and not isinstance(value, bool)


# Known gaps of the file, from its upstream README: values it rejects that Discord accepts.
KNOWN_GAPS: dict[str, Callable[[Any], bool]] = {
    # "snowflakes are typed as strings though Discord accepts integers, as discord.py sends them"
    SCHEMA_PREFIX + "SnowflakeType": _integer_snowflake,
    # "channel type 16 (GUILD_MEDIA) is missing from ChannelTypes"
    SCHEMA_PREFIX + "ChannelTypes": _media_channel,
}


@dataclass(frozen=True)
class Failure:
    """Where in the checked value a rule was broken."""

    pointer: str  # JSON pointer into the value ("" is the value itself)
    value: Any
    rule: str

    @property
    def is_shape(self) -> bool:
        """A type or constant mismatch: the value is simply another alternative's shape."""
        return self.rule.startswith(_SHAPE_RULES)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units (never less than the code-point count)."""
    return len(text.encode("utf-16-le")) // 2


def child(pointer: str, key: str | int) -> str:
    return f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"


_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "integer": lambda v: (
        not isinstance(v, bool)
        and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


def _same(value: Any, expected: Any) -> bool:
    """JSON equality: ``True`` is not ``1``."""
    return isinstance(value, bool) == isinstance(expected, bool) and bool(value == expected)


@cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


class SchemaValidator:
    """Failures of a value against a schema of one OpenAPI document."""

    def __init__(self, spec: DiscordApiSpec) -> None:
        self.spec = spec

    def failures(self, schema: Any, value: Any, pointer: str = "") -> list[Failure]:
        if schema is True:
            return []
        if schema is False:
            return [Failure(pointer, value, "not allowed here")]
        unknown = set(schema) - _HANDLED - _ANNOTATIONS
        if unknown:
            raise ValueError(f"schema keyword(s) {sorted(unknown)} not supported")
        found: list[Failure] = []
        ref = schema.get("$ref")
        if ref is not None and not KNOWN_GAPS.get(ref, lambda _: False)(value):
            found += self.failures(self.spec.schema(ref), value, pointer)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_TYPE_CHECKS[name](value) for name in types):
                return [*found, Failure(pointer, value, f"type {' or '.join(types)}")]
        if "const" in schema and not _same(value, schema["const"]):
            found.append(Failure(pointer, value, f"const {schema['const']!r}"))
        if "enum" in schema and not any(_same(value, option) for option in schema["enum"]):
            found.append(Failure(pointer, value, f"one of {schema['enum']!r}"))
        if isinstance(value, str):
            found += _string_failures(schema, value, pointer)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found += _number_failures(schema, value, pointer)
        elif isinstance(value, list):
            found += self._array_failures(schema, value, pointer)
        elif isinstance(value, dict):
            found += self._object_failures(schema, value, pointer)
        for branch in schema.get("allOf", ()):
            found += self.failures(branch, value, pointer)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                found += self._alternatives(schema[keyword], value, pointer)
        return found

    def _alternatives(self, branches: Sequence[Any], value: Any, pointer: str) -> list[Failure]:
        """``oneOf`` is read as ``anyOf``: the file's unions (nullable refs, enums spelled as
        ``const`` lists, option kinds) never need "exactly one", and overlaps such as an integer
        snowflake are not request errors.

        Objects are open, but a union is decided closed-world: the file offers e.g. "execute"
        or "edit" for a webhook POST, and a ``username`` only the first declares must be judged
        by the first. Alternatives rank by: wrong type here, undeclared keys, wrong shapes
        further in, failures; the closest one's failures are reported.
        """
        ranked: list[tuple[tuple[int, int, int, int], list[Failure]]] = []
        for branch in branches:
            failures = self.failures(branch, value, pointer)
            undeclared = self._undeclared(branch, value)
            if not failures and not undeclared:
                return []
            here = sum(f.is_shape and f.pointer == pointer for f in failures)
            further = sum(f.is_shape and f.pointer != pointer for f in failures)
            ranked.append(((here, len(undeclared), further, len(failures)), failures))
        best = min(ranked, key=lambda entry: entry[0])[1]
        if not best:
            return []  # only keys no alternative declares: objects stay open
        if not all(f.pointer == pointer and f.is_shape for f in best):
            return best
        consts = [b["const"] for b in branches if isinstance(b, dict) and "const" in b]
        if len(consts) == len(branches):
            return [Failure(pointer, value, f"one of {consts!r}")]
        shapes = sorted({f.rule for _, failures in ranked for f in failures})
        return [Failure(pointer, value, "one of the alternatives: " + "; ".join(shapes))]

    def _undeclared(self, schema: Any, value: Any) -> set[str]:
        """Keys of an object value that ``schema`` neither declares nor lets in explicitly."""
        declared = self._declared(schema)
        if declared is None or not isinstance(value, dict):
            return set()
        return set(value) - declared

    def _declared(self, schema: Any) -> set[str] | None:
        if not isinstance(schema, dict) or "additionalProperties" in schema:
            return None
        if "$ref" in schema:
            return self._declared(self.spec.schema(schema["$ref"]))
        declared = set(schema.get("properties", {}))
        for part in schema.get("allOf", ()):
            declared |= self._declared(part) or set()
        return declared if declared else None

    def _array_failures(self, schema: Any, value: list[Any], pointer: str) -> list[Failure]:
        found: list[Failure] = []
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            found.append(Failure(pointer, value, f"maxItems {schema['maxItems']}"))
        if "minItems" in schema and len(value) < schema["minItems"]:
            found.append(Failure(pointer, value, f"minItems {schema['minItems']}"))
        if schema.get("uniqueItems"):
            seen = [json.dumps(item, sort_keys=True) for item in value]
            if len(set(seen)) != len(seen):
                found.append(Failure(pointer, value, "uniqueItems"))
        if "items" in schema:
            for index, item in enumerate(value):
                found += self.failures(schema["items"], item, child(pointer, index))
        return found

    def _object_failures(self, schema: Any, value: dict[str, Any], pointer: str) -> list[Failure]:
        found = [
            Failure(child(pointer, name), None, "required")
            for name in schema.get("required", ())
            if name not in value
        ]
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            found.append(Failure(pointer, value, f"maxProperties {schema['maxProperties']}"))
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            found.append(Failure(pointer, value, f"minProperties {schema['minProperties']}"))
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            rule = properties.get(name, extra)
            found += self.failures(rule, item, child(pointer, name))
        return found


def _string_failures(schema: Any, value: str, pointer: str) -> list[Failure]:
    found: list[Failure] = []
    length = utf16_length(value)
    if "maxLength" in schema and length > schema["maxLength"]:
        found.append(Failure(pointer, value, f"maxLength {schema['maxLength']} (is {length})"))
    if "minLength" in schema and length < schema["minLength"]:
        found.append(Failure(pointer, value, f"minLength {schema['minLength']} (is {length})"))
    if "pattern" in schema and not _pattern(schema["pattern"]).search(value):
        found.append(Failure(pointer, value, f"pattern {schema['pattern']}"))
    return found


def _number_failures(schema: Any, value: float, pointer: str) -> list[Failure]:
    found: list[Failure] = []
    if "minimum" in schema and value < schema["minimum"]:
        found.append(Failure(pointer, value, f"minimum {schema['minimum']}"))
    if "maximum" in schema and value > schema["maximum"]:
        found.append(Failure(pointer, value, f"maximum {schema['maximum']}"))
    return found


_HANDLED = frozenset(
    {
        "$ref",
        "type",
        "const",
        "enum",
        "maxLength",
        "minLength",
        "pattern",
        "minimum",
        "maximum",
        "items",
        "maxItems",
        "minItems",
        "uniqueItems",
        "properties",
        "required",
        "additionalProperties",
        "maxProperties",
        "minProperties",
        "allOf",
        "anyOf",
        "oneOf",
    }
)
