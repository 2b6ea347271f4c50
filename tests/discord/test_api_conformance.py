"""The conformance check is on in every SimCord scenario, and a violation fails the test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import discord
import pytest
import simcord

from tests.support.discord_api.conformance import ConformanceChecker
from tests.support.discord_api.watch import RequestWatch

REPO = Path(__file__).resolve().parents[2]
# SimCord refuses content over 2000 code points; 1,001 cats are 1,001 code points but 2,002
# UTF-16 units, which SimCord takes and the check (counting as Discord may) refuses.
CATS = "🐱" * 1001


@pytest.fixture
def simcord_bot() -> discord.Client:
    """A bare client: what is checked is the transport, not Yiqi."""
    return discord.Client(intents=discord.Intents.default())


async def test_requests_through_the_http_client_are_checked(
    simcord_env: simcord.Env,
    discord_api_conformance: RequestWatch,
    discord_api_checker: ConformanceChecker,
) -> None:
    channel = simcord_env.create_guild("Limits").create_text_channel("general")
    sendable = simcord_env.bot.get_channel(channel.id)
    assert isinstance(sendable, discord.TextChannel)
    before = discord_api_conformance.requests

    await sendable.send("fits")
    assert discord_api_conformance.violations == []
    await sendable.send(CATS)

    assert discord_api_conformance.requests == before + 2
    [violation] = discord_api_conformance.violations
    assert (violation.method, violation.route) == ("POST", "/channels/{channel_id}/messages")
    assert violation.rule == "maxLength 2000 (is 2002)"
    # The bench checks SimCord's own request log afterwards: it finds the same.
    assert discord_api_checker.check_log(simcord_env.http_requests) == [violation]
    discord_api_conformance.violations.clear()  # provoked on purpose


async def test_webhook_executions_are_checked(
    simcord_env: simcord.Env, discord_api_conformance: RequestWatch
) -> None:
    channel = simcord_env.create_guild("Limits").create_text_channel("general")
    text_channel = simcord_env.bot.get_channel(channel.id)
    assert isinstance(text_channel, discord.TextChannel)
    webhook = await text_channel.create_webhook(name="relay")

    await webhook.send("hello", username="u" * 81, wait=True)

    [violation] = discord_api_conformance.violations
    assert violation.route == "/webhooks/{webhook_id}/{webhook_token}"
    assert (violation.where, violation.rule) == ("body /username", "maxLength 80 (is 81)")
    discord_api_conformance.violations.clear()


def test_a_violation_fails_the_test_that_made_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    pytester.makeini("[pytest]\nasyncio_mode = auto\n")
    pytester.makeconftest('pytest_plugins = ["tests.support.fixtures"]\n')
    pytester.makepyfile(
        textwrap.dedent(
            """
            import discord
            import pytest

            @pytest.fixture
            def simcord_bot():
                return discord.Client(intents=discord.Intents.default())

            async def test_sends_too_much(simcord_env):
                channel = simcord_env.create_guild("g").create_text_channel("general")
                await simcord_env.bot.get_channel(channel.id).send("🐱" * 1001)

            async def test_sends_enough(simcord_env):
                channel = simcord_env.create_guild("g").create_text_channel("general")
                await simcord_env.bot.get_channel(channel.id).send("🐱" * 1000)
            """
        )
    )

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_sends_too_much*",
            "1 request(s) break Discord's API description:",
            "*POST /channels/{channel_id}/messages [[]/channels/*/messages[]] body /content: "
            "'🐱🐱🐱*…' (2002 UTF-16 units) breaks maxLength 2000 (is 2002)",
        ]
    )
