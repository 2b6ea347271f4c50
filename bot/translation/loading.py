"""Load the installed models at start; a model that fails makes its direction unavailable.

One broken package must neither stop the bot (a crash loop under systemd ``Restart=``) nor
take the other direction with it: each direction loads on its own, and what fails is kept
with a short reason for ``yiqi models list`` and ``/setup status``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.translation.packages import InstalledModel, PackageError
from bot.translation.packages.installed import SUPPORTED_DIRECTIONS
from bot.translation.packages.probe import PROBE_SENTENCES, probe_package
from bot.translation.runtime import DecodingOptions, LoadedModel

log = logging.getLogger(__name__)
_REASON_LENGTH = 160


@dataclass
class LoadedModels:
    """What loaded, and why each direction that did not is unavailable."""

    models: dict[str, LoadedModel] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)


def short_reason(error: BaseException) -> str:
    """One line, a few words: for the log and ``yiqi models list``."""
    if isinstance(error, PackageError):
        text = str(error).split(": ", 1)[-1]  # drop the direction the caller already shows
    else:
        text = f"{type(error).__name__}: {error}"
    text = " ".join(text.split())
    return text if len(text) <= _REASON_LENGTH else text[: _REASON_LENGTH - 1] + "…"


def check_model(model: InstalledModel) -> str | None:
    """None when ``model`` loads and translates in a child process, else the reason."""
    try:
        probe_package(model)
    except PackageError as error:
        return short_reason(error)
    return None


def _load_one(
    model: InstalledModel, *, isolate: bool, threads: int, options: DecodingOptions | None
) -> LoadedModel:
    if isolate:  # a package that kills its process kills the child, not the bot
        probe_package(model)
    loaded = LoadedModel(model, threads=threads, options=options)
    # Loading can succeed and the first translation still fail (a vocabulary that does not
    # match the weights): find out now, not on a member's message.
    loaded.translate_sentences([PROBE_SENTENCES[model.from_code]])
    return loaded


def load_models(
    installed: Sequence[InstalledModel],
    *,
    threads: int = 0,
    options: DecodingOptions | None = None,
    isolate: bool = False,
) -> LoadedModels:
    """Load each supported direction on its own (blocking). ``isolate`` first tries each
    package in a child process, so one that crashes its process cannot take the bot down."""
    result = LoadedModels()
    for model in installed:
        if model.direction not in SUPPORTED_DIRECTIONS:
            log.warning(
                "ignoring %s at %s: Yiqi translates en↔zh only", model.direction, model.path
            )
            continue
        try:
            result.models[model.direction] = _load_one(
                model, isolate=isolate, threads=threads, options=options
            )
        except Exception as error:  # any failure: this direction is out, the others run on
            reason = short_reason(error)
            result.unavailable[model.direction] = reason
            log.warning(
                "translation %s unavailable (%s %s): %s",
                model.direction,
                model.model_version,
                model.path,
                reason,
            )
    if result.unavailable:
        log.warning("%d translation direction(s) unavailable", len(result.unavailable))
    return result
