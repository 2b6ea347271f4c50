"""``python -m bot.i18n.extract [--check]``: refresh ``locale/yiqi.pot`` and the ``.po`` files.

Extracts every marked string from ``bot/`` and ``cogs/``, writes the template, and updates each
UI locale's catalog the way ``pybabel update`` does: existing translations are kept, new
strings arrive untranslated (or fuzzy, with a close old translation as a hint), removed ones
become obsolete ``#~`` entries. ``--check`` then fails on anything left to translate.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalogs import DOMAIN, po_path
from bot.i18n.checks import check_all, read_catalogs
from bot.i18n.extract.method import PROJECT, extract_catalog

ROOT = Path(__file__).resolve().parents[3]


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No line numbers: they would make every unrelated edit above a string a catalog diff.
    write_po(buffer, catalog, width=100, include_lineno=False)
    return buffer.getvalue()


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def _stable_template(template: Catalog, pot: Path) -> Catalog:
    """Keep the old POT-Creation-Date when nothing else changed, so reruns are no-ops."""
    if pot.is_file():
        with pot.open("rb") as source:
            previous = read_po(source)
        template.creation_date = previous.creation_date
        if _render(template) != pot.read_bytes():
            template.creation_date = datetime.now().astimezone()
    return template


def update_catalogs(root: Path = ROOT) -> list[Path]:
    """Extract, write the template and update every locale; returns the files changed."""
    locale_dir = root / "locale"
    pot = locale_dir / f"{DOMAIN}.pot"
    template = _stable_template(extract_catalog(root), pot)
    changed = [pot] if _write_if_changed(pot, _render(template)) else []
    for locale, catalog in read_catalogs(locale_dir).items():
        if not catalog.project or catalog.project == "PROJECT":
            catalog.project, catalog.fuzzy = PROJECT, False
        catalog.update(template)
        path = po_path(locale_dir, locale)
        if _write_if_changed(path, _render(catalog)):
            changed.append(path)
    return changed


def main(argv: list[str] | None = None, *, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.i18n.extract", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail on untranslated strings")
    args = parser.parse_args(argv)
    for path in update_catalogs(root):
        print(f"updated {path.relative_to(root)}")
    if not args.check:
        return 0
    problems = check_all(extract_catalog(root), root / "locale")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0
