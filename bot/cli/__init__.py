"""The ``yiqi`` command: models, translation, database, demo and the bot itself."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.cli import (
    db_command,
    demo_command,
    digest_command,
    invite_command,
    models_command,
    run_command,
    translate_command,
)
from bot.services.log_redaction import configure_logging
from bot.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="yiqi", description="Yiqi (一起): English-Chinese exchange bot, translated offline."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    models_command.register(commands)
    translate_command.register(commands)
    db_command.register(commands)
    digest_command.register(commands)
    demo_command.register(commands)
    run_command.register(commands)
    invite_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings: Settings = load_settings()
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    configure_logging(settings.log_level, secrets=[token])
    result: int = args.handler(args, settings)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
