"""``yiqi demo``: the real bot on a simulated Discord (SimCord), playing a scripted exchange.

No network and no Discord account: SimCord plays Discord, the zh→en model is loaded from the
models directory, and a throwaway SQLite database holds the demo's bridge and messages.
``yiqi demo --translations`` prints a few messages translated both ways, side by side.

The demo (the top-level ``demo`` package and SimCord) is the ``demo`` extra, not part of the
runtime: it is imported only here, when asked for, and its absence is one line and exit 2.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

from bot.cli.translate_command import build_engine
from bot.settings import Settings
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.languages import Reader
from bot.translation.packages import list_installed
from bot.translation.results import TranslationResult, TranslationStatus

DEMO_MESSAGES = (
    "每个中国人都有大熊猫吗？",
    "欢迎来到小红书！请交猫税。",
    "美国人真的要打两份工才能生活吗？",
    "我的猫叫小白，它很可爱 🐱",
    "Does every Chinese person own a panda?",
    "Here is my cat tax 🐱 https://example.com/cat.jpg",
    "Do Americans really work two jobs?",
    "🐱🐱🐱",
)
_COLUMN = 44
EXIT_NO_DEMO = 2
NO_DEMO = (
    "yiqi demo: this installation has no demo (the `demo` extra: SimCord and demo/); "
    "in a source checkout run `make setup` or `pip install -e '.[demo]'`"
)


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help="run the bot on a simulated Discord server and print the conversation"
    )
    demo.add_argument(
        "--translations",
        action="store_true",
        help="only translate sample chat both ways and print it side by side",
    )
    demo.set_defaults(handler=run_demo)


def demo_installed() -> bool:
    """Whether the demo extra is here (the demo package and SimCord), without importing it."""
    return all(importlib.util.find_spec(name) is not None for name in ("demo", "simcord"))


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    if not demo_installed():
        print(NO_DEMO, file=sys.stderr)
        return EXIT_NO_DEMO
    if args.translations:
        return _print_translations(settings)
    if not any(m.direction == "zh_en" for m in list_installed(settings.models_dir)):
        print(
            f"yiqi demo: no zh→en model in {settings.models_dir}; "
            "run `yiqi models install --pypi-zh-en` first",
            file=sys.stderr,
        )
        return 3
    if settings.log_level.upper() == "INFO":
        # The default level: the conversation is the output. SimCord's import-time self-check
        # (intent and voice warnings) and the migration's INFO lines would bury it; errors show.
        logging.disable(logging.WARNING)
    # Imported here, not at the top: `yiqi run` and friends never load the demo or SimCord.
    from demo.script import run_demo as play_demo

    with tempfile.TemporaryDirectory(prefix="yiqi-demo-") as tmp:
        database = Path(tmp) / "demo.db"
        demo_settings = settings.model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{database}", "discord_token": None}
        )
        print(asyncio.run(play_demo(demo_settings)), end="")
    return 0


def _print_translations(settings: Settings) -> int:
    from demo.render import width, wrap

    rows = asyncio.run(_translate_all(settings))
    print(f"{'original':<{_COLUMN}} │ translation")
    print("─" * _COLUMN + "─┼─" + "─" * _COLUMN)
    for original, result in rows:
        left, right = wrap(original, _COLUMN), wrap(_describe(result), _COLUMN)
        for index in range(max(len(left), len(right))):
            a = left[index] if index < len(left) else ""
            b = right[index] if index < len(right) else ""
            print(a + " " * (_COLUMN - width(a)) + " │ " + b)
    return 0


async def _translate_all(settings: Settings) -> list[tuple[str, TranslationResult]]:
    engine = await asyncio.to_thread(build_engine, settings)
    try:
        targets = [Reader.EN if _is_chinese(m) else Reader.ZH_CN for m in DEMO_MESSAGES]
        results = await asyncio.gather(
            *(
                engine.translate(m, t, glossary=DEFAULT_GLOSSARY)
                for m, t in zip(DEMO_MESSAGES, targets, strict=True)
            )
        )
        return list(zip(DEMO_MESSAGES, results, strict=True))
    finally:
        await engine.close()


def _describe(result: TranslationResult) -> str:
    if result.status is TranslationStatus.UNAVAILABLE:
        return f"[no {result.source}→{result.target.side} model installed: shown as written]"
    if result.status is TranslationStatus.UNTOUCHED:
        return f"{result.text}   [nothing to translate: kept as is]"
    flag = "   [low confidence]" if result.low_confidence else ""
    return result.text + flag


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
