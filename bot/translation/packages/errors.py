"""The one error type the package layer raises, so callers can report it to an admin."""

from __future__ import annotations


class PackageError(Exception):
    """A model package could not be fetched, verified or installed."""
