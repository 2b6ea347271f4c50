"""/setup status text within Discord's limits, however many bridges a server has."""

from __future__ import annotations

import discord

from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from bot.services.relay.health import BridgeHealth, GuildRelayHealth
from cogs.relay_health.buttons import status_view
from cogs.relay_health.render import MAX_BRIDGES_WITH_BUTTONS, fault_words, status_text
from db.repositories.relay_health import Trouble

SNOWFLAKE = 1_456_074_443_980_800_000  # mentions as long as real ones


def _bridge(number: int, trouble: Trouble | None) -> BridgeHealth:
    return BridgeHealth(number, SNOWFLAKE + 2 * number, SNOWFLAKE + 2 * number + 1, trouble)


def test_many_bridges_fit_one_message_failing_first_with_at_most_five_button_rows() -> None:
    failing = Trouble(12, 340, "missing_permissions", SNOWFLAKE)
    bridges = tuple(
        _bridge(number, failing if number % 3 == 0 else None) for number in range(1, 61)
    )
    text, with_buttons = status_text(GuildRelayHealth(bridges, penpal=failing))

    assert discord_length(text) <= MESSAGE_LIMIT
    lines = text.splitlines()
    shown = [line for line in lines if line.startswith("**")]
    assert all("dead-lettered" in line for line in shown[:20])  # the 20 failing ones first
    left = 60 - len(shown)
    assert left > 0
    assert f"…and {left} more bridges." in lines
    assert any(line.startswith("Pen-pal conversations: 12 on their way") for line in lines)
    assert [number for number, _ in with_buttons] == [1, 2, 3, 4, 5]
    assert [bridge_id for _, bridge_id in with_buttons] == [3, 6, 9, 12, 15]

    view = status_view(with_buttons)
    assert view is not None
    rows = view.to_components()
    assert len(rows) == MAX_BRIDGES_WITH_BUTTONS <= 5
    assert all(len(row["components"]) == 2 for row in rows)
    custom_ids = [button["custom_id"] for row in rows for button in row["components"]]
    assert custom_ids[:2] == ["relay-health:retry:3", "relay-health:discard:3"]
    assert all(len(custom_id) <= 100 for custom_id in custom_ids)


def test_a_healthy_server_has_no_buttons() -> None:
    text, with_buttons = status_text(GuildRelayHealth((_bridge(1, None),), penpal=None))
    assert text.endswith("everything delivered.")
    assert with_buttons == []
    assert status_view(with_buttons) is None


def test_queued_messages_are_not_a_failure() -> None:
    text, with_buttons = status_text(
        GuildRelayHealth((_bridge(1, Trouble(4, 0, None, None)),), penpal=None)
    )
    assert "4 on their way, no errors." in text
    assert with_buttons == []


def test_an_unknown_fault_class_still_reads_as_words() -> None:
    assert fault_words(Trouble(0, 1, "from_a_newer_version", None)) == "an unexpected error"
    assert fault_words(Trouble(0, 1, "channel_gone", 42)) == (
        "<#42> no longer exists, or the bot cannot see it"
    )


def test_button_style_tells_retry_from_discard() -> None:
    view = status_view([(1, 7)])
    assert view is not None
    [row] = view.to_components()
    styles = [button["style"] for button in row["components"]]
    assert styles == [discord.ButtonStyle.primary.value, discord.ButtonStyle.secondary.value]
