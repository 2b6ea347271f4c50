"""The fingerprint a text is known by where its words must not be kept: sha256 hex."""

from __future__ import annotations

import hashlib


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
