"""``yiqi translate [--from xx] --to en|zh|zh-TW TEXT``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.app import load_local_engine, open_translation_engine
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from bot.translation.glossary import DEFAULT_GLOSSARY
from bot.translation.languages import Reader
from bot.translation.remote.errors import RemoteTranslationError
from bot.translation.results import TranslationResult, TranslationStatus
from db.enums import Side


def register(commands: Any) -> None:
    translate = commands.add_parser("translate", help="translate text with the installed models")
    translate.add_argument("--from", dest="source", choices=["en", "zh"], help="source language")
    translate.add_argument("--to", required=True, help="en, zh (Simplified) or zh-TW")
    translate.add_argument("text", nargs="+", help="the text (quote it)")
    translate.set_defaults(handler=run_translate)


def build_engine(settings: Settings) -> TranslationEngine:
    """An engine over every installed model, with the decoding settings applied."""
    return load_local_engine(settings, None)


def run_translate(args: argparse.Namespace, settings: Settings) -> int:
    try:
        target = Reader.parse(args.to)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    source = Side(args.source) if args.source else None
    try:
        result = asyncio.run(_translate(settings, " ".join(args.text), target, source))
    except RemoteTranslationError as error:
        print(f"error: the translation workers did not answer: {error}", file=sys.stderr)
        return 4
    print(result.text)
    return _report(result)


async def _translate(
    settings: Settings, text: str, target: Reader, source: Side | None
) -> TranslationResult:
    engine = await open_translation_engine(settings)  # the workers when YIQI_NATS_URL is set
    try:
        return await engine.translate(text, target, source=source, glossary=DEFAULT_GLOSSARY)
    finally:
        await engine.close()


def _report(result: TranslationResult) -> int:
    if result.status is TranslationStatus.UNAVAILABLE:
        print(
            f"note: no {result.source}→{result.target.side} model installed; text shown as written",
            file=sys.stderr,
        )
        return 3
    if result.low_confidence:
        print("note: low-confidence translation; check the original", file=sys.stderr)
    return 0
