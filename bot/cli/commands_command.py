"""``yiqi commands sync``: register the slash commands and context menus with Discord now.

At start only the cluster running shard 0 syncs them (``YiqiBot.syncs_commands``); after an
upgrade that changed a command, this does it without restarting that cluster. It logs in over
HTTP only (no gateway), which runs the bot's set-up and so loads every cog's commands, and
syncs. No model is loaded: commands do not need one.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.cli.run_command import bot_token
from bot.settings import Settings


def register(commands: Any) -> None:
    group = commands.add_parser("commands", help="the bot's application commands on Discord")
    actions = group.add_subparsers(dest="commands_action", required=True)
    sync = actions.add_parser(
        "sync", help="register the slash commands and context menus with Discord now"
    )
    sync.set_defaults(handler=sync_commands)


def sync_commands(args: argparse.Namespace, settings: Settings) -> int:
    token = bot_token(settings)
    count = asyncio.run(synced(settings, token))
    print(f"synced {count} application commands with Discord")
    return 0


async def synced(settings: Settings, token: str) -> int:
    """Log in (HTTP only: set-up runs and syncs), then close; how many commands Discord has."""
    from bot.app import YiqiBot  # discord.py is heavy; only this command needs it
    from bot.translation.engine import TranslationEngine

    bot = YiqiBot(settings, translation=TranslationEngine({}), sync_commands=True)
    async with bot:
        await bot.login(token)
        return len(await bot.tree.fetch_commands())
