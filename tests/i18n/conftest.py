"""Catalogs from the repository's locale/ directory, installed only where a test asks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs.load(LOCALE_DIR)


@pytest.fixture
def installed(catalogs: Catalogs) -> Iterator[Catalogs]:
    install_catalogs(catalogs)
    yield catalogs
    install_catalogs(None)
