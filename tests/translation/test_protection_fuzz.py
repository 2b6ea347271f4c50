"""Round-trip properties of the pipeline's text steps (Hypothesis), and protection edge cases."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.translation.codeswitch import inline_layer
from bot.translation.markup import join, parse
from bot.translation.normalize import normalize_for_translation
from bot.translation.protection import (
    GlossaryTerm,
    choose_marker,
    placeholders_in,
    protect,
    restore,
    split_on_placeholders,
)
from db.enums import Side

# Tokens that have broken protection or markup before, mixed with arbitrary text.
TOKENS = [
    "zqx", "ZQX", "XQZ", "zxq", "QXZ", "qzx", "0", "1", "12", "号线", "1号线", "@everyone",
    "@here", "<@123456789012345678>", "https://example.com/a", "`c`", "```x```", "||", "**",
    "__", "_", "*", "~~", "[", "](", ")", "> ", ">>> ", "# ", "-# ", "- ", "1. ", "\n", " ",
    "你好", "awesome", "I love this song", "🐱", "👨\u200d👩\u200d👧", "\u200b", "\u202e",
    "\u0301", "-5", "13800138000", "<t:1737000000:R>", "cat tax", "猫税",
]  # fmt: skip
chat = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=25).map("".join)
# A glossary term that translates to itself keeps restore(protect(x)) == x checkable.
SELF_GLOSSARY = [GlossaryTerm(en="1号线", zh="1号线"), GlossaryTerm(en="cat tax", zh="cat tax")]


@given(chat, st.sampled_from([Side.ZH, Side.EN]))
def test_protect_then_restore_is_identity(text: str, source: Side) -> None:
    protected = protect(text, source, SELF_GLOSSARY, verbatim=inline_layer(source))
    assert protected.marker.casefold() not in text.casefold()
    # Every placeholder appears exactly once, in order: none was formed by member text.
    assert placeholders_in(protected.masked, protected.marker) == list(
        range(protected.placeholder_count)
    )
    assert restore(protected.masked, protected.restorations, protected.marker) == text


@given(chat, st.sampled_from([Side.ZH, Side.EN]))
def test_split_on_placeholders_then_join_is_identity(text: str, source: Side) -> None:
    protected = protect(text, source, verbatim=inline_layer(source))
    pieces = split_on_placeholders(protected.masked, protected.marker)
    assert "".join(pieces) == protected.masked
    assert len(pieces) == 2 * protected.placeholder_count + 1


@given(chat)
def test_markup_parse_then_join_is_identity(text: str) -> None:
    segments = parse(text)
    assert join(segments) == text
    assert all(s.text.strip() == s.text for s in segments if s.translate)


@given(chat)
def test_normalizing_removes_invisibles_and_is_stable(text: str) -> None:
    clean = normalize_for_translation(text)
    assert normalize_for_translation(clean) == clean
    assert not set(clean) & set("\u200b\u200c\u202e\u202d\u2066\ufeff")
    assert all(sum(1 for _ in group) <= 2 for group in _mark_runs(clean)), (
        "combining-mark flood left in"
    )


def _mark_runs(text: str) -> list[str]:
    runs, current = [], ""
    for ch in text:
        if unicodedata.combining(ch):
            current += ch
        else:
            runs.append(current)
            current = ""
    return [*runs, current]


def test_zwj_is_kept_inside_emoji_and_dropped_elsewhere() -> None:
    family = "👨\u200d👩\u200d👧"
    assert normalize_for_translation(f"一家人{family}") == f"一家人{family}"
    assert normalize_for_translation("你\u200d好") == "你好"


def test_ordinary_diacritics_survive() -> None:
    assert normalize_for_translation("café naïve Tiếng Việt") == "café naïve Tiếng Việt"


def test_a_glossary_term_never_matches_inside_a_placeholder() -> None:
    # "ZQX1" followed by "号线" once matched the term "1号线" and broke restoration.
    text = "<@123456789012345678> <@223456789012345678>号线 我坐1号线"
    protected = protect(text, Side.ZH, [GlossaryTerm(en="Line 1", zh="1号线")])
    assert protected.restorations[:2] == ["<@123456789012345678>", "<@223456789012345678>"]
    assert protected.restorations.count("Line 1") == 1
    restored = restore(protected.masked, protected.restorations, protected.marker)
    assert restored == text.replace("我坐1号线", "我坐Line 1")


def test_everyone_and_here_are_protected_before_chinese() -> None:
    protected = protect("@everyone今天开会 @here明天", Side.ZH)
    assert protected.restorations == ["@everyone", "@here"]
    assert protect("@everyoneelse", Side.EN).restorations == []


def test_signed_numbers_and_long_digit_runs_are_protected() -> None:
    protected = protect("今天-5度，明天+3度，电话13800138000，第3-5页", Side.ZH)
    assert protected.restorations == ["-5", "+3", "13800138000"]


def test_marker_falls_back_when_every_candidate_is_typed() -> None:
    text = "zqx xqz zxq qxz qzx"
    marker = choose_marker(text)
    assert marker.casefold() not in text.casefold()
    protected = protect(f"{text} <@123456789012345678>", Side.EN)
    assert protected.restorations == ["<@123456789012345678>"]
