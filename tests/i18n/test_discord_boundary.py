"""Only the translator module of bot.i18n may import discord (services stay Discord-free)."""

from __future__ import annotations

import ast
from pathlib import Path

import bot.i18n

ALLOWED = {"app_commands_translator.py"}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_translator_imports_discord() -> None:
    package = Path(bot.i18n.__file__).parent
    offenders = [
        path.name
        for path in sorted(package.glob("*.py"))
        if path.name not in ALLOWED
        and any(name.split(".")[0] == "discord" for name in _imports(path))
    ]
    assert offenders == []
