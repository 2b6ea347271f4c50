"""Discord's limits, counted as Discord counts them (UTF-16 units), and applied where we send."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest
import simcord

from bot.adapters.mirror_sink import DiscordMirrorSink, webhook_username
from bot.adapters.send_pacing import SendPacer
from bot.services.discord_text import (
    MESSAGE_LIMIT,
    THREAD_NAME_LIMIT,
    WEBHOOK_NAME_LIMIT,
    clip,
    discord_length,
    fit,
)
from bot.services.penpal.safety import ReportFiled, TranscriptLine
from bot.services.relay.port import Author
from bot.translation.languages import Reader
from bot.translation.results import TranslationResult, TranslationStatus
from cogs.language import render_private_translation
from cogs.penpal.safety import report_post
from db.enums import Side
from demo.virtual_time import SkippingTime

ROOT = Path(__file__).resolve().parents[2]
CAT = "🐱"  # outside the BMP: two UTF-16 units, one Python character
HAN = "猫"  # inside the BMP: one unit
FAMILY = "👨‍👩‍👧"  # three astral emoji joined by two ZWJs: eight units


@pytest.mark.parametrize(
    ("text", "units"),
    [("cat", 3), (HAN * 3, 3), (CAT, 2), (FAMILY, 8), (f"a{CAT}{HAN}", 4)],
)
def test_discord_length_counts_utf16_units(text: str, units: int) -> None:
    assert discord_length(text) == units


@pytest.mark.parametrize("piece", ["a", HAN, CAT, FAMILY])
@pytest.mark.parametrize("limit", [WEBHOOK_NAME_LIMIT, THREAD_NAME_LIMIT, MESSAGE_LIMIT])
def test_fit_keeps_text_at_the_limit_and_shortens_past_it(piece: str, limit: int) -> None:
    exactly = piece * (limit // discord_length(piece))
    if discord_length(exactly) == limit:
        assert fit(exactly, limit) == exactly
    over = exactly + piece
    fitted = fit(over, limit)
    assert fitted.endswith("…")
    assert limit - discord_length(piece) <= discord_length(fitted) <= limit
    assert over.startswith(fitted[:-1])  # cut between characters, never inside one


def test_fit_never_leaves_half_an_astral_character() -> None:
    # 101 units of cats: the cut must not fall between a surrogate pair.
    fitted = fit("a" + CAT * 50, THREAD_NAME_LIMIT)
    assert discord_length(fitted) <= THREAD_NAME_LIMIT
    fitted.encode("utf-16-le", errors="strict")  # a lone surrogate would raise here
    assert fitted == "a" + CAT * 49 + "…"


def test_clip_cuts_without_a_marker_and_as_close_to_the_limit_as_characters_allow() -> None:
    assert clip(HAN * 120, 100) == HAN * 100
    assert clip(CAT * 60, 100) == CAT * 50
    assert clip("a" + CAT * 60, 100) == "a" + CAT * 49  # 99: one more cat would be 101
    assert clip("short", 100) == "short"


def test_webhook_username_fits_in_utf16_units() -> None:
    name = webhook_username(Author(1, CAT * 41))  # 82 units, but only 41 characters
    assert discord_length(name) <= WEBHOOK_NAME_LIMIT
    assert name == CAT * 39 + "…"
    assert webhook_username(Author(1, "Discord fan")) == "• fan"


def _report(transcript_line: str, count: int = 40) -> ReportFiled:
    at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
    lines = tuple(
        TranscriptLine(at, 7, "小伟", "zh", transcript_line, "a translation") for _ in range(count)
    )
    return ReportFiled(1, 10, 20, 7, 8, "spam", 99, lines)


def test_the_report_preview_fits_one_message_and_keeps_its_code_block_closed() -> None:
    content, attachment = report_post(_report(CAT * 60 + HAN * 40))
    assert discord_length(content) <= MESSAGE_LIMIT
    assert discord_length(content) >= MESSAGE_LIMIT - 4  # shortened, not emptied
    assert content.endswith("…\n```")
    assert content.count("```") == 2
    assert attachment.filename == "transcript.txt"  # the full text still goes along


def test_a_short_report_preview_is_not_shortened() -> None:
    content, _attachment = report_post(_report("hello", count=2))
    assert "…" not in content and content.endswith("hello\n    → a translation\n```")


def test_the_private_translation_of_a_long_message_is_split_not_cut() -> None:
    original = CAT * 1000  # 2,000 units: as long as Discord lets a member write
    result = TranslationResult(
        text=CAT * 1000,
        original=original,
        source=Side.ZH,
        target=Reader.EN,
        status=TranslationStatus.TRANSLATED,
        low_confidence=True,
    )
    shown = render_private_translation(result)
    assert len(shown) == 3  # 4,000 units of cats, plus the notice and the heading
    assert all(discord_length(part) <= MESSAGE_LIMIT for part in shown)
    assert "…" not in "".join(shown)
    assert "".join(shown).count(CAT) == 2000  # the translation and the original, whole


@pytest.fixture
def simcord_bot() -> discord.Client:
    """A bare client: the sink needs a connection to Discord, not the rest of Yiqi."""
    return discord.Client(intents=discord.Intents.default())


async def test_the_mirror_sink_fits_long_names_into_discord(simcord_env: simcord.Env) -> None:
    client = simcord_env.bot
    channel = simcord_env.create_guild("Limits").create_text_channel("general")
    sink = DiscordMirrorSink(client, SendPacer(SkippingTime()))
    author = Author(5, CAT * 45)  # 90 units: over the webhook-name limit
    title = HAN * 60 + CAT * 30  # 120 units: over the thread-name limit

    await sink.post_in_channel(channel.id, "hello", author)
    posted = await sink.open_thread(channel.id, title, "question", author)

    names = {m.author.name for m in channel.history() if m.webhook_id is not None}
    assert names == {CAT * 39 + "…"}
    [thread] = channel.threads
    assert thread.id == posted.thread_id
    assert thread.name == HAN * 60 + CAT * 19 + "…"
    assert discord_length(thread.name) <= THREAD_NAME_LIMIT


_LIMIT_LITERALS = {25, 80, 100, 1990, 2000}
_LAYERS = ("bot/adapters", "bot/services", "cogs")
# Owned by the translate path; their own excerpt lengths (not Discord's limits) stay there.
_ELSEWHERE = ("bot/services/relay/", "bot/services/exchange/similar.py")


def _literal_slices(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        upper = node.upper if isinstance(node, ast.Slice) else None
        if isinstance(upper, ast.Constant) and upper.value in _LIMIT_LITERALS:
            found.append(f"{path.relative_to(ROOT)}:{upper.lineno}")
    return found


def test_no_layer_cuts_text_at_a_discord_limit_by_literal() -> None:
    files = [
        path
        for layer in _LAYERS
        for path in sorted((ROOT / layer).rglob("*.py"))
        if not str(path.relative_to(ROOT)).startswith(_ELSEWHERE)
    ]
    assert files
    assert [hit for path in files for hit in _literal_slices(path)] == []
