"""``yiqi digest render --guild ID [--week YYYY-Www] [--format markdown|discord]
[--chart PATH]``."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.cli.arguments import snowflake
from bot.errors import OperatorError
from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs
from bot.services.digest.composer import WeeklyDigestComposer
from bot.services.digest.weeks import IsoWeek
from bot.settings import Settings
from db.engine import create_sessionmaker

DISCORD_DIVIDER = "\n----- next message -----\n"


def register(commands: Any) -> None:
    digest = commands.add_parser("digest", help="the weekly highlight digest")
    actions = digest.add_subparsers(dest="action", required=True)
    render = actions.add_parser("render", help="print a guild's digest of one week")
    render.add_argument("--guild", type=snowflake, required=True, help="the server (guild) id")
    render.add_argument("--week", help="ISO week YYYY-Www (default: the last complete week)")
    render.add_argument(
        "--format",
        choices=["markdown", "discord"],
        default="markdown",
        help="one Markdown document, or the Discord messages as they would be posted",
    )
    render.add_argument(
        "--chart",
        type=Path,
        metavar="PATH",
        help="also write the week's chart (PNG) there; its alt text is printed after the digest",
    )
    render.set_defaults(handler=run_render)


def run_render(args: argparse.Namespace, settings: Settings) -> int:
    try:
        week = IsoWeek.parse(args.week) if args.week else None
    except ValueError as error:
        raise OperatorError(f"--week {args.week}: {error}") from None
    install_catalogs(Catalogs.load(LOCALE_DIR))
    print(asyncio.run(_render(settings, args.guild, week, args.format, args.chart)))
    return 0


async def _render(
    settings: Settings, guild_id: int, week: IsoWeek | None, form: str, chart_path: Path | None
) -> str:
    from db.migrate import open_migrated  # alembic is slow to import; only here

    engine = await open_migrated(settings.effective_database_url)
    try:
        composer = WeeklyDigestComposer(
            create_sessionmaker(engine), traditional_config=settings.traditional_variant
        )
        if week is None:
            week = await composer.last_complete_week(guild_id, datetime.now(UTC))
        if form == "discord":
            messages = await composer.compose(guild_id, week)
            text = DISCORD_DIVIDER.join(messages) or f"(nothing to post for {week})"
        else:
            text = await composer.compose_markdown(guild_id, week)
        if chart_path is not None:
            text += "\n" + await _write_chart(composer, guild_id, week, chart_path)
        return text
    finally:
        await engine.dispose()


async def _write_chart(
    composer: WeeklyDigestComposer, guild_id: int, week: IsoWeek, path: Path
) -> str:
    """Writes the week's chart to ``path``; what was done, for the operator."""
    chart = await composer.chart(guild_id, week)
    if chart is None:
        return f"(no chart for {week}: no questions that week; nothing written to {path})"
    try:
        await asyncio.to_thread(path.write_bytes, chart.png)
    except OSError as error:
        raise OperatorError(f"--chart {path}: {error.strerror or error}") from None
    return f"Chart written to {path} ({len(chart.png):,} bytes). Alt text:\n{chart.alt_text}"
