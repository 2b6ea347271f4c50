"""Plain urllib downloads with a timeout, to a temp file, https only."""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bot.translation.packages.errors import PackageError
from bot.translation.packages.hashing import CHUNK_SIZE, check_sha256
from bot.translation.packages.progress import Progress, QuietProgress, step

USER_AGENT = "Yiqi model installer"
DOWNLOAD_PREFIX = ".download-"


def require_https(url: str) -> None:
    """Refuse http:, file:, ftp: and friends: a model is code-adjacent, fetch it privately."""
    if urllib.parse.urlsplit(url).scheme != "https":
        raise PackageError(f"only https URLs are allowed, not {url!r}")


def _request(url: str) -> urllib.request.Request:
    require_https(url)
    return urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310


def fetch_bytes(url: str, *, timeout: float, limit: int) -> bytes:
    """GET a small document (the index); raise PackageError when unreachable or too big."""
    request = _request(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data: bytes = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise PackageError(f"cannot fetch {url}: {exc}") from exc
    if len(data) > limit:
        raise PackageError(f"{url} is larger than {limit} bytes")
    return data


def _content_length(response: object) -> int | None:
    length = getattr(response, "headers", {}).get("Content-Length")
    return int(length) if length and length.isdigit() else None


def download_to(
    url: str,
    downloads_dir: Path,
    *,
    sha256: str,
    timeout: float,
    progress: Progress | None = None,
) -> Path:
    """Stream a URL into a new temp file in downloads_dir, check its SHA-256, return its path."""
    progress = progress or QuietProgress()
    request = _request(url)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept past this function
        dir=downloads_dir, prefix=DOWNLOAD_PREFIX, suffix=".part", delete=False
    )
    path = Path(handle.name)
    digest = hashlib.sha256()
    try:
        with handle, urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            label = f"downloading {url.rsplit('/', 1)[-1]}"
            with step(progress, label, _content_length(response)):
                while chunk := response.read(CHUNK_SIZE):
                    digest.update(chunk)
                    handle.write(chunk)
                    progress.advance(len(chunk))
        check_sha256(url, sha256, digest.hexdigest())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise PackageError(f"cannot download {url}: {exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
    return path
