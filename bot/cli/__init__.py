"""The ``yiqi`` command: models, translation, database, demo and the bot itself."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from bot.cli import (
    commands_command,
    corpus_command,
    db_command,
    demo_command,
    digest_command,
    invite_command,
    models_command,
    run_command,
    translate_command,
    worker_command,
)
from bot.cli.failures import EXIT_OPERATOR, print_line, report
from bot.errors import OperatorError
from bot.observability.logging_setup import LogFormat, configure_logging
from bot.services.log_redaction import install_redaction
from bot.settings import Settings, load_settings

EXIT_INTERRUPTED = 130
# Libraries that narrate routine work at INFO (every migration, every connection).
_CHATTY_LOGGERS = ("alembic",)


class OneLineParser(argparse.ArgumentParser):
    """A usage mistake is one line, like every other operator mistake (``--help`` has more)."""

    def error(self, message: str) -> NoReturn:
        print_line(f"{self.prog}: {message} (see: {self.prog} --help)")
        sys.exit(EXIT_OPERATOR)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="yiqi", description="Yiqi (一起): English-Chinese exchange bot, translated offline."
    )
    parser.add_argument(
        "--debug", action="store_true", help="debug logs, and a traceback when a command fails"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    models_command.register(commands)
    translate_command.register(commands)
    db_command.register(commands)
    digest_command.register(commands)
    corpus_command.register(commands)
    demo_command.register(commands)
    run_command.register(commands)
    commands_command.register(commands)
    worker_command.register(commands)
    invite_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings: Settings = load_settings()
    except OperatorError as error:
        print_line(str(error))
        return error.exit_code
    debug = args.debug or settings.log_level == "DEBUG"
    token = settings.discord_token.get_secret_value() if settings.discord_token else ""
    _configure_logging("DEBUG" if debug else settings.log_level, token, settings.log_format)
    try:
        result: int = args.handler(args, settings)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:
        if debug:
            logging.getLogger("yiqi").exception("the command failed")
        return report(error, settings)
    return result


def _configure_logging(level: str, token: str, log_format: LogFormat) -> None:
    handler = configure_logging(level, log_format)
    install_redaction([handler], [token])  # every line redacted, at every level
    if level != "DEBUG":
        for name in _CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
