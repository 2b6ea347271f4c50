"""The bot↔worker wire format: versioned, validated both ways."""

from __future__ import annotations

import pytest

from bot.translation.remote.protocol import (
    Answer,
    ProtocolError,
    Request,
    decode_answer,
    decode_request,
    encode_answer,
    encode_request,
    subject,
)


def test_requests_and_answers_survive_the_trip() -> None:
    request = Request(["你好。", "Hello ⟦0⟧ there."], beam_size=4)
    assert decode_request(encode_request(request)) == request
    for answer in (
        Answer(["Hello.", "你好 ⟦0⟧。"], model_version="translate-zh_en-1.9"),
        Answer(busy=True),
        Answer(error="ValueError: no"),
    ):
        assert decode_answer(encode_answer(answer)) == answer


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"v": 2, "sentences": []}', "unsupported version 2"),
        (b'{"sentences": ["a"]}', "unsupported version None"),
        (b'{"v": 1, "sentences": "a"}', "list of strings"),
        (b'{"v": 1, "sentences": ["a"], "beam_size": 99}', "beam_size"),
        (b"\xff\xfe", "not JSON"),
        (b"[1]", "not a JSON object"),
    ],
)
def test_a_malformed_request_is_refused_with_its_reason(payload: bytes, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        decode_request(payload)


def test_an_answer_without_translations_is_refused() -> None:
    with pytest.raises(ProtocolError):
        decode_answer(b'{"v": 1, "translations": [1]}')


def test_one_subject_per_direction() -> None:
    assert subject("yiqi.translate", "zh_en") == "yiqi.translate.zh_en"
