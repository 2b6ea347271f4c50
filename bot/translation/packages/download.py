"""Plain urllib downloads with a timeout, to a temp file, http(s) only."""

from __future__ import annotations

import contextlib
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bot.translation.packages.errors import PackageError
from bot.translation.packages.hashing import CHUNK_SIZE

USER_AGENT = "Yiqi model installer"


def _request(url: str) -> urllib.request.Request:
    # Refuse file:, ftp: and friends: the index comes from configuration and may be edited.
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PackageError(f"only http and https URLs are allowed, not {url!r}")
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310


def fetch_bytes(url: str, *, timeout: float, limit: int) -> bytes:
    """GET a small document (the index); raise PackageError when unreachable or too big."""
    try:
        with urllib.request.urlopen(_request(url), timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PackageError(f"cannot fetch {url}: {exc}") from exc
    if len(data) > limit:
        raise PackageError(f"{url} is larger than {limit} bytes")
    return data


def download_to(url: str, downloads_dir: Path, *, timeout: float) -> Path:
    """Stream a URL into a new temp file in downloads_dir and return its path."""
    downloads_dir.mkdir(parents=True, exist_ok=True)
    request = _request(url)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept past this function
        dir=downloads_dir, prefix=".download-", suffix=".part", delete=False
    )
    path = Path(handle.name)
    try:
        with handle, urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            while chunk := response.read(CHUNK_SIZE):
                handle.write(chunk)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise PackageError(f"cannot download {url}: {exc}") from exc
    return path
