"""Why the workers did not translate. Every one is transient: the relay stores the message
pending (``Fault.TRANSLATION``) and its sweep retries it until a worker answers."""

from __future__ import annotations


class RemoteTranslationError(Exception):
    """The workers gave no translation for this request."""


class NoWorkersError(RemoteTranslationError):
    """No worker subscribes to the direction (none running, or NATS is unreachable)."""


class WorkerTimeoutError(RemoteTranslationError):
    """No answer in time (a worker died holding the request, or all are slow)."""


class WorkersBusyError(RemoteTranslationError):
    """The worker that took the request already held its most in-flight work."""


class WorkerFailedError(RemoteTranslationError):
    """The worker answered with an error (a bad request, or the model failed)."""
