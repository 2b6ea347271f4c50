"""Build hook: compile locale/*.po into .mo catalogs inside the package (the rest is pyproject).

A wheel carries ``bot/i18n/locale/<locale>/LC_MESSAGES/yiqi.mo``, so an installed ``yiqi`` has
its Chinese UI without the repository. The ``.po`` files stay the only source (no ``.mo`` in
git); a checkout reads them directly (``bot.i18n.catalogs``).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "locale"
PACKAGED = Path("bot", "i18n", "locale")


class BuildWithCatalogs(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads locale/*.po in place
            return
        for po_file in sorted(SOURCE.glob("*/LC_MESSAGES/*.po")):
            locale = po_file.parent.parent.name
            target = Path(self.build_lib, PACKAGED, locale, "LC_MESSAGES", f"{po_file.stem}.mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_file.open("rb") as source:
                catalog = read_po(source, locale=locale, domain=po_file.stem)
            with target.open("wb") as compiled:
                # As at run time: fuzzy entries fall back to English.
                write_mo(compiled, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithCatalogs})
