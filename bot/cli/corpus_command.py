"""``yiqi corpus export --guild ID --format tmx|tsv [--output PATH|-]``: the community's
consented translation improvements as a parallel corpus (see bot.services.memory.corpus)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.cli.arguments import snowflake
from bot.errors import OperatorError
from bot.services.memory.corpus import CorpusUnit, corpus_units, to_tmx, to_tsv
from bot.settings import Settings
from db.engine import create_sessionmaker

STDOUT = "-"


def register(commands: Any) -> None:
    corpus = commands.add_parser("corpus", help="the server's translation improvements")
    actions = corpus.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export", help="write the consented post-edits as a parallel corpus (TMX 1.4 or TSV)"
    )
    export.add_argument("--guild", type=snowflake, required=True, help="the server (guild) id")
    export.add_argument("--format", choices=["tmx", "tsv"], required=True)
    export.add_argument(
        "--output", default=STDOUT, help="the file to write (default: - for standard output)"
    )
    export.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    output: str = args.output
    target = None if output == STDOUT else Path(output)
    if target is not None and (target.is_dir() or not target.parent.is_dir()):
        raise OperatorError(f"--output {output}: not a file in an existing directory")
    units = asyncio.run(_units(settings, args.guild))
    data = to_tmx(units) if args.format == "tmx" else to_tsv(units).encode("utf-8")
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            target.write_bytes(data)
        except OSError as error:
            raise OperatorError(f"--output {output}: {error.strerror}") from None
        print(f"{len(units)} post-edits written to {target}", file=sys.stderr)
    return 0


async def _units(settings: Settings, guild_id: int) -> list[CorpusUnit]:
    from db.migrate import open_migrated  # alembic is slow to import; only here

    engine = await open_migrated(settings.effective_database_url)
    try:
        return await corpus_units(create_sessionmaker(engine), guild_id)
    finally:
        await engine.dispose()
