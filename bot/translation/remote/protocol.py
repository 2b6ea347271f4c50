"""The wire format between the bot and the translation workers (JSON, versioned).

Request:  {"v": 1, "sentences": [...], "beam_size": 2}
Answer:   {"v": 1, "translations": [...], "model_version": "..."}
     or   {"v": 1, "busy": true}        (the worker holds as much work as it may)
     or   {"v": 1, "error": "..."}      (a bad request, or the model failed)

One subject per direction, ``<prefix>.<direction>`` (``yiqi.translate.zh_en``); workers
subscribe in one queue group, so each request goes to exactly one of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

VERSION = 1
DEFAULT_PREFIX = "yiqi.translate"
QUEUE_GROUP = "yiqi-translation-workers"
MAX_BEAM = 8


class ProtocolError(ValueError):
    """A payload that is not a request or an answer of this version."""


@dataclass(frozen=True)
class Request:
    sentences: list[str]
    beam_size: int | None = None


@dataclass(frozen=True)
class Answer:
    translations: list[str] | None = None
    model_version: str = ""
    busy: bool = False
    error: str | None = None


def subject(prefix: str, direction: str) -> str:
    return f"{prefix}.{direction}"


def encode_request(request: Request) -> bytes:
    body: dict[str, Any] = {"v": VERSION, "sentences": request.sentences}
    if request.beam_size is not None:
        body["beam_size"] = request.beam_size
    return _dump(body)


def decode_request(data: bytes) -> Request:
    body = _load(data)
    sentences = body.get("sentences")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise ProtocolError("sentences must be a list of strings")
    beam = body.get("beam_size")
    if beam is not None and (not isinstance(beam, int) or not 1 <= beam <= MAX_BEAM):
        raise ProtocolError(f"beam_size must be an integer from 1 to {MAX_BEAM}")
    return Request(sentences, beam)


def encode_answer(answer: Answer) -> bytes:
    body: dict[str, Any] = {"v": VERSION}
    if answer.busy:
        body["busy"] = True
    elif answer.error is not None:
        body["error"] = answer.error
    else:
        body["translations"] = answer.translations or []
        body["model_version"] = answer.model_version
    return _dump(body)


def decode_answer(data: bytes) -> Answer:
    body = _load(data)
    if body.get("busy") is True:
        return Answer(busy=True)
    if "error" in body:
        return Answer(error=str(body["error"]))
    translations = body.get("translations")
    if not isinstance(translations, list) or not all(isinstance(t, str) for t in translations):
        raise ProtocolError("translations must be a list of strings")
    return Answer(translations, model_version=str(body.get("model_version", "")))


def _dump(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _load(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProtocolError(f"not JSON: {error}") from error
    if not isinstance(body, dict):
        raise ProtocolError("not a JSON object")
    if body.get("v") != VERSION:
        raise ProtocolError(f"unsupported version {body.get('v')!r} (this side speaks {VERSION})")
    return body
