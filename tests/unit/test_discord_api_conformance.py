"""The request checker SimCord scenarios run under: each rule it enforces, and what it lets by."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.discord_api.conformance import ConformanceChecker, Violation, describe

CHANNEL = "/channels/1234567890123/messages"
WEBHOOK = "/webhooks/1234567890123/webhook-token"
COMMANDS = "/applications/1234567890123/commands"
CAT = "🐱"  # two UTF-16 units, one code point


@pytest.fixture(scope="module")
def checker() -> ConformanceChecker:
    return ConformanceChecker()


def rules(violations: list[Violation]) -> list[tuple[str, str]]:
    return [(v.where, v.rule) for v in violations]


def chat_command(**overrides: Any) -> dict[str, Any]:
    command: dict[str, Any] = {
        "type": 1,
        "name": "ask",
        "description": "Ask a question",
        "name_localizations": {"zh-CN": "提问", "zh-TW": "提問"},
        "options": [{"type": 3, "name": "question", "description": "Your question"}],
    }
    return {**command, **overrides}


def test_a_valid_message_breaks_nothing(checker: ConformanceChecker) -> None:
    body = {
        "content": "hello <@42>",
        "allowed_mentions": {"parse": [], "users": [42]},  # integer snowflakes, as discord.py
        "message_reference": {"message_id": 1234567890123, "fail_if_not_exists": False},
        "tts": False,
    }
    assert checker.check("POST", CHANNEL, body=body) == []


def test_content_over_2000_is_a_violation(checker: ConformanceChecker) -> None:
    [violation] = checker.check("POST", CHANNEL, body={"content": "x" * 2001})
    assert violation.route == "/channels/{channel_id}/messages"
    assert (violation.where, violation.rule) == ("body /content", "maxLength 2000 (is 2001)")


def test_content_is_counted_in_utf16_units(checker: ConformanceChecker) -> None:
    # 1,001 cats are 1,001 code points but 2,002 UTF-16 units: over, whichever way Discord counts.
    assert checker.check("POST", CHANNEL, body={"content": CAT * 1000}) == []
    [violation] = checker.check("PATCH", CHANNEL + "/99", body={"content": CAT * 1001})
    assert violation.rule == "maxLength 2000 (is 2002)"


def test_an_unknown_route_is_a_violation(checker: ConformanceChecker) -> None:
    [violation] = checker.check("POST", "/channels/1/translations", body={"content": "hi"})
    assert violation.route is None
    assert (violation.where, violation.rule) == ("route", "a documented route")
    assert checker.check("PUT", CHANNEL, body={"content": "hi"})  # known path, wrong method


def test_an_over_long_thread_name_is_a_violation(checker: ConformanceChecker) -> None:
    path = CHANNEL + "/99/threads"
    assert checker.check("POST", path, body={"name": "猫" * 100}) == []
    assert rules(checker.check("POST", path, body={"name": "猫" * 101})) == [
        ("body /name", "maxLength 100 (is 101)")
    ]
    executed = checker.check("POST", WEBHOOK, body={"content": "hi", "thread_name": "t" * 101})
    assert rules(executed) == [("body /thread_name", "maxLength 100 (is 101)")]


def test_an_over_long_webhook_username_is_a_violation(checker: ConformanceChecker) -> None:
    body = {"content": "hi", "username": "Alice · relayed by Yiqi", "avatar_url": None}
    assert checker.check("POST", WEBHOOK, body=body, params={"wait": "true"}) == []
    violations = checker.check("POST", WEBHOOK, body={**body, "username": "u" * 81})
    assert rules(violations) == [("body /username", "maxLength 80 (is 81)")]


def test_a_bad_command_name_is_a_violation(checker: ConformanceChecker) -> None:
    assert checker.check("PUT", COMMANDS, body=[chat_command()]) == []
    upper = checker.check("PUT", COMMANDS, body=[chat_command(name="Ask")])
    assert rules(upper) == [("body /0/name", "command names are lower case")]
    [spaced] = checker.check("PUT", COMMANDS, body=[chat_command(name="ask me")])
    assert spaced.rule.startswith("command name regex")


def test_command_localizations_and_options_follow_the_same_rules(
    checker: ConformanceChecker,
) -> None:
    localized = chat_command(name_localizations={"zh-CN": "提 问", "xx": "ask"})
    assert [v.where for v in checker.check("PUT", COMMANDS, body=[localized])] == [
        "body /0/name_localizations/zh-CN",
        "body /0/name_localizations/xx",
    ]
    option = {"type": 3, "name": "Question", "description": ""}
    found = rules(checker.check("PUT", COMMANDS, body=[chat_command(options=[option])]))
    assert ("body /0/options/0/name", "command names are lower case") in found
    assert ("body /0/options/0/description", "minLength 1 (is 0)") in found


def test_command_descriptions_and_context_menus(checker: ConformanceChecker) -> None:
    no_description = chat_command(description="")
    assert rules(checker.check("PUT", COMMANDS, body=[no_description])) == [
        ("body /0/description", "description of 1-100 (is 0)")
    ]
    # A context-menu command may have spaces and capitals, and no description.
    menu = {"type": 3, "name": "Translate It", "name_localizations": {"zh-CN": "翻译"}}
    assert checker.check("PUT", COMMANDS, body=[menu]) == []


def test_the_spec_s_known_gaps_pass(checker: ConformanceChecker) -> None:
    # README: channel type 16 (GUILD_MEDIA) is missing from ChannelTypes.
    option = {"type": 7, "name": "where", "description": "A channel", "channel_types": [0, 16]}
    assert checker.check("PUT", COMMANDS, body=[chat_command(options=[option])]) == []
    # README: snowflakes are typed as strings though Discord accepts integers.
    assert checker.check("POST", WEBHOOK, body={"applied_tags": [1234567890123]}) == []
    assert checker.check("POST", WEBHOOK, body={"applied_tags": [-1]})


def test_query_parameters_are_checked(checker: ConformanceChecker) -> None:
    # Discord reads True, true and 1 as true in a query string.
    assert checker.check("POST", WEBHOOK, body={"content": "hi"}, params={"wait": 1}) == []
    assert rules(checker.check("GET", CHANNEL, params={"limit": 101})) == [
        ("query limit", "maximum 100")
    ]
    assert rules(checker.check("GET", CHANNEL, params={"around_ish": 5})) == [
        ("query around_ish", "a documented query parameter")
    ]


def test_bodies_where_none_belong_and_none_where_one_is_required(
    checker: ConformanceChecker,
) -> None:
    assert rules(checker.check("GET", CHANNEL, body={"content": "hi"})) == [
        ("body", "no request body for this operation")
    ]
    assert rules(checker.check("POST", WEBHOOK)) == [("body", "a request body")]


def test_a_report_names_the_request_the_place_the_value_and_the_rule(
    checker: ConformanceChecker,
) -> None:
    violations = checker.check("POST", WEBHOOK, body={"content": "hi", "username": "u" * 81})
    report = describe(violations * 25)
    lines = report.splitlines()
    assert lines[0] == "25 request(s) break Discord's API description:"
    assert lines[1] == (
        f"  POST /webhooks/{{webhook_id}}/{{webhook_token}} [{WEBHOOK}] body /username: "
        f"'{'u' * 60}…' (81 UTF-16 units) breaks maxLength 80 (is 81)"
    )
    assert lines[-1] == "  … and 5 more"
