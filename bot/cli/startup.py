"""``yiqi run`` at start: wait out a database or a Discord that cannot be reached yet.

In a deployment the bot often starts before its database (compose, a reboot) or before the
network is up. Those are waited out with capped exponential backoff, one log line per
attempt; a wrong setting (bad token, unknown database) stops at once with one line.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import aiohttp
import discord
from sqlalchemy import make_url, text
from sqlalchemy.pool import NullPool

from bot.backoff import Backoff
from bot.errors import OperatorError
from db.engine import create_engine
from db.problems import is_unreachable
from db.urls import redacted

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)

# Failures of Discord's HTTP API at login that a later attempt may not meet.
_DISCORD_UNREACHABLE = (
    OSError,
    TimeoutError,
    aiohttp.ClientError,
    discord.DiscordServerError,
    discord.GatewayNotFound,
)


async def wait_for_database(url: str, backoff: Backoff) -> None:
    """Return once the database at ``url`` answers; OperatorError if it never does.

    A SQLite file is never "unreachable", and connecting would create it before the login
    succeeds: start-up opens (and migrates) it after the login.
    """
    if make_url(url).get_backend_name() == "sqlite":
        return
    delays = backoff.delays()
    for attempt in range(1, backoff.attempts + 1):
        engine = create_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return
        except Exception as error:
            if not is_unreachable(error):
                raise  # a setting to fix: the CLI says which, in one line
            reason = _reason(error)
        finally:
            await engine.dispose()
        delay = next(delays, None)
        if delay is None:
            break
        log.warning(
            "database at %s unreachable (%s): attempt %d of %d, next in %.3g s",
            redacted(url), reason, attempt, backoff.attempts, delay,
        )  # fmt: skip
        await asyncio.sleep(delay)
    raise OperatorError(
        f"cannot reach the database at {redacted(url)} after {backoff.attempts} attempts "
        f"({reason}): is the server running? check YIQI_DATABASE_URL"
    )


async def start_with_retry(bot: YiqiBot, token: str, backoff: Backoff) -> None:
    """``bot.start(token)``; a login that cannot reach Discord is tried again.

    Only the login is retried (before ``setup_hook`` has built anything); once connected,
    discord.py reconnects to the gateway by itself.
    """
    delays = backoff.delays()
    for attempt in range(1, backoff.attempts + 1):
        try:
            await bot.start(token)
            return
        except discord.LoginFailure:
            raise OperatorError(
                "Discord rejected YIQI_DISCORD_TOKEN: copy the bot's token again from the "
                "developer portal (Bot → Reset Token) into .env"
            ) from None
        except discord.PrivilegedIntentsRequired:
            raise OperatorError(
                "Discord refused the Message Content intent: enable it for the bot in the "
                "developer portal (Bot → Privileged Gateway Intents)"
            ) from None
        except _DISCORD_UNREACHABLE as error:
            if bot.setup_started:
                raise
            reason = _reason(error)
        await _reset_http(bot)
        delay = next(delays, None)
        if delay is None:
            break
        log.warning(
            "Discord unreachable at login (%s): attempt %d of %d, next in %.3g s",
            reason, attempt, backoff.attempts, delay,
        )  # fmt: skip
        await asyncio.sleep(delay)
    raise OperatorError(
        f"cannot reach Discord after {backoff.attempts} attempts ({reason}): "
        "check the network, a proxy or firewall, and https://discordstatus.com"
    )


async def _reset_http(bot: YiqiBot) -> None:
    """Close the HTTP session a failed login opened; the next login opens a fresh one."""
    await bot.http.close()  # closes its connector too, so the next login must make one
    bot.http.connector = discord.utils.MISSING


def _reason(error: BaseException) -> str:
    text_ = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text_}" if text_ != type(error).__name__ else text_
