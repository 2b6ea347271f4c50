"""``yiqi run``: the bot, until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from bot.settings import Settings

log = logging.getLogger(__name__)


def register(commands: Any) -> None:
    run = commands.add_parser("run", help="run the Discord bot (needs YIQI_DISCORD_TOKEN)")
    run.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        print(
            "error: YIQI_DISCORD_TOKEN is not set. Create a bot in the Discord developer "
            "portal, enable the Message Content intent, and put its token in .env "
            "(see .env.example). To try Yiqi without an account: yiqi demo",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_serve(settings))


async def _serve(settings: Settings) -> int:
    from bot.app import YiqiBot  # discord.py is heavy; only the bot needs it

    assert settings.discord_token is not None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    async with YiqiBot(settings) as bot:  # leaving the block closes the bot cleanly
        runner = asyncio.create_task(bot.start(settings.discord_token.get_secret_value()))
        stopper = asyncio.create_task(stop.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if runner in done:
            runner.result()  # a login or gateway error: let it surface
            return 1
        log.info("signal received: closing (pending relays are kept in the database)")
        stopper.cancel()
    await asyncio.gather(runner, return_exceptions=True)
    return 0
