"""``yiqi db upgrade``."""

from __future__ import annotations

import argparse
from typing import Any

from bot.cli.writable import require_writable_dir
from bot.settings import Settings
from db.urls import redacted, sqlite_file

# The files SQLite keeps beside the database while it is open.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="action", required=True)
    upgrade = actions.add_parser("upgrade", help="apply every migration (alembic upgrade head)")
    upgrade.set_defaults(handler=run_upgrade)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from db.migrate import upgrade_database  # alembic is slow to import; only here

    url = settings.effective_database_url
    new_file = sqlite_file(url)
    if new_file is not None and new_file.exists():
        new_file = None  # only a file this upgrade creates is removed if it fails
    if new_file is not None:
        require_writable_dir(new_file.parent, "to create the SQLite database")
    try:
        upgrade_database(url)
    except BaseException:
        if new_file is not None:  # a failed first upgrade leaves no half-made database
            for leftover in (
                new_file,
                *(new_file.with_name(new_file.name + s) for s in _SIDE_FILES),
            ):
                leftover.unlink(missing_ok=True)
        raise
    print(f"database at head: {redacted(url)}")
    return 0
