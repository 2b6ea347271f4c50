"""``yiqi db upgrade``."""

from __future__ import annotations

import argparse
from typing import Any

from bot.settings import Settings


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="action", required=True)
    upgrade = actions.add_parser("upgrade", help="apply every migration (alembic upgrade head)")
    upgrade.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from db.migrate import upgrade_database  # alembic is slow to import; only here

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(settings.effective_database_url)
    print(f"database at head: {_redacted(settings.effective_database_url)}")
    return 0


def _redacted(url: str) -> str:
    """Hide a password in the URL before printing it."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
