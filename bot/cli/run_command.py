"""``yiqi run``: the bot, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from typing import TYPE_CHECKING, Any

from bot.backoff import Backoff
from bot.cli.sqlite_lock import sole_sqlite_process
from bot.errors import OperatorError
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)
# About 2.5 minutes of waiting for the database, then for Discord, before giving up.
STARTUP_BACKOFF = Backoff()


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="run the Discord bot (needs YIQI_DISCORD_TOKEN)")
    run.set_defaults(handler=run_bot)


def bot_token(settings: Settings) -> str:
    """The bot token, or one line saying how to get one."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        raise OperatorError(
            "YIQI_DISCORD_TOKEN is not set. Create a bot in the Discord developer "
            "portal, enable the Message Content intent, and put its token in .env "
            "(see .env.example). To try Yiqi without an account: yiqi demo"
        )
    return settings.discord_token.get_secret_value()


def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    bot_token(settings)
    with sole_sqlite_process(settings.effective_database_url):
        return asyncio.run(_serve(settings))


async def _serve(settings: Settings) -> int:
    from bot.cli.startup import wait_for_database
    from bot.shards import build_bot  # discord.py is heavy; only the bot needs it

    assert settings.discord_token is not None
    await wait_for_database(settings.effective_database_url, STARTUP_BACKOFF)
    return await serve_until_signal(build_bot(settings), settings.discord_token.get_secret_value())


async def serve_until_signal(bot: YiqiBot, token: str, backoff: Backoff | None = None) -> int:
    """Run ``bot`` until SIGTERM or SIGINT, then close it (which lets relays finish).

    Returns 0 after a signal; a login or gateway error propagates (a bad token, or Discord
    unreachable after ``backoff``, default STARTUP_BACKOFF, as OperatorError).
    """
    from bot.cli.startup import start_with_retry

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for signum in signals:
        loop.add_signal_handler(signum, stop.set)
    try:
        async with bot:  # leaving the block closes the bot cleanly
            runner = asyncio.create_task(start_with_retry(bot, token, backoff or STARTUP_BACKOFF))
            stopper = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if runner in done:
                stopper.cancel()
                runner.result()  # a login or gateway error: let it surface
                return 1
            log.info("signal received: closing (relays under way get the grace period)")
            stopper.cancel()
        if not runner.done():  # start() normally returns once the bot is closed
            runner.cancel()
        await asyncio.gather(runner, return_exceptions=True)
        return 0
    finally:
        for signum in signals:
            loop.remove_signal_handler(signum)
