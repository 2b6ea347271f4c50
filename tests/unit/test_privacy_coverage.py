"""Every text column of the schema is covered by /privacy forget and export (or says why not)."""

from __future__ import annotations

from bot.services.privacy.coverage import COVERAGE, Forget
from tests.support.text_scan import text_columns


def test_every_text_column_is_covered() -> None:
    missing = sorted(text_columns() - COVERAGE.keys())
    assert missing == [], f"say in bot/services/privacy/coverage.py what happens to {missing}"


def test_no_stale_entries() -> None:
    assert sorted(COVERAGE.keys() - text_columns()) == []


def test_what_is_not_forgotten_says_why() -> None:
    unexplained = [
        key for key, c in COVERAGE.items() if c.forget is not Forget.FORGOTTEN and not c.why
    ]
    assert unexplained == []


def test_the_check_sees_a_new_column() -> None:
    """The enumeration reads the live metadata: a column added to a model shows up."""
    assert ("relayed_messages", "original_text") in text_columns()
    assert ("penpal_profiles", "interests") in text_columns()  # JSON
    assert ("members", "side") not in text_columns()  # an Enum
