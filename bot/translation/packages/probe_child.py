"""The child side of ``probe``: ``python -m bot.translation.packages.probe_child DIR FROM TO``.

Exits non-zero (or dies) when the package cannot load or translate.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.translation.packages.installed import InstalledModel
from bot.translation.packages.probe import PROBE_SENTENCES, RESULT_PREFIX
from bot.translation.runtime import LoadedModel


def main(argv: list[str]) -> int:
    path, from_code, to_code = Path(argv[0]), argv[1], argv[2]
    # The parent validated the metadata; argostranslate is not imported here (it makes dirs).
    model = LoadedModel(InstalledModel(from_code, to_code, "0", path), threads=1)
    translated = model.translate_sentences([PROBE_SENTENCES[from_code]])
    print(RESULT_PREFIX, translated[0].replace("\n", " "))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
