"""What the pipeline needs from a model: sentences in, translations out, in order.

In process this is the direction's ``MicroBatcher``; with translation workers it is a
``RemoteModel`` (``bot.translation.remote.client``) that sends the sentences over NATS.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class SentenceService(Protocol):
    async def submit_many(self, items: Sequence[str]) -> list[str]: ...


class RemoteSentences(SentenceService, Protocol):
    """Sentences served elsewhere; the model version is the one the last answer named."""

    @property
    def model_version(self) -> str: ...

    async def answers(self) -> bool:
        """Does some worker serve this direction now (for readiness)?"""
        ...
