"""The chart of the week: a valid, small, deterministic PNG whose alt text says every number."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.i18n import LOCALE_DIR, Catalogs, install_catalogs
from bot.services.digest.chart import DPI, SIZE_INCHES, WeekCounts, draw_week_chart
from bot.services.digest.chart_text import ALT_TEXT_LIMIT, chart_alt_text, chart_caption
from bot.services.digest.learning import count_days
from bot.services.digest.weeks import IsoWeek
from db.enums import Side

WEEK = IsoWeek(2025, 3)
# Monday 2025-01-13 00:00 in Shanghai.
MONDAY = datetime(2025, 1, 12, 16, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def catalogs() -> Iterator[None]:
    install_catalogs(Catalogs.load(LOCALE_DIR))
    yield
    install_catalogs(None)


def _counts() -> WeekCounts:
    asked = [
        (Side.EN, MONDAY + timedelta(minutes=1)),
        (Side.EN, MONDAY + timedelta(days=1)),
        # Sunday 23:59 in Shanghai is still this week.
        (Side.ZH, MONDAY + timedelta(days=7, minutes=-1)),
        (Side.ZH, MONDAY + timedelta(days=3)),
        (Side.ZH, MONDAY + timedelta(days=3, hours=1)),
    ]
    answers = [
        (Side.EN, MONDAY + timedelta(days=1, hours=2)),
        (Side.ZH, MONDAY + timedelta(days=3, minutes=5)),
        # Sunday 16:00 UTC is Monday in Shanghai: next week's, not counted.
        (Side.ZH, MONDAY + timedelta(days=7, hours=1)),
    ]
    return count_days(WEEK, "Asia/Shanghai", asked, answers)


def test_days_are_counted_on_the_digest_clock() -> None:
    counts = _counts()
    assert [f"{d:%m-%d}" for d in counts.days][0::6] == ["01-13", "01-19"]
    assert counts.asked == {Side.EN: (1, 1, 0, 0, 0, 0, 0), Side.ZH: (0, 0, 0, 2, 0, 0, 1)}
    assert counts.answers == {Side.EN: (0, 1, 0, 0, 0, 0, 0), Side.ZH: (0, 0, 0, 1, 0, 0, 0)}
    assert not counts.is_empty
    assert count_days(WEEK, "Asia/Shanghai", []).is_empty


def test_the_png_is_valid_small_and_the_same_bytes_every_time() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn: none may
        png = draw_week_chart(_counts())
        again = draw_week_chart(_counts())
    assert png == again
    assert 5_000 < len(png) < 60_000
    with Image.open(io.BytesIO(png)) as image:
        image.verify()
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (int(SIZE_INCHES[0] * DPI), int(SIZE_INCHES[1] * DPI))
        assert not any("matplotlib" in str(value).lower() for value in image.info.values())
    different = draw_week_chart(count_days(WEEK, "Asia/Shanghai", [(Side.EN, MONDAY)]))
    assert different != png


def test_the_alt_text_states_every_number_in_both_languages() -> None:
    alt = chart_alt_text(_counts(), "zh-CN")
    english, chinese = alt.split("\n")
    days = "01-13 1/0, 01-14 1/1, 01-15 0/0, 01-16 0/0, 01-17 0/0, 01-18 0/0, 01-19 0/0"
    assert english == (
        f"Bar chart of 2025-W03, questions asked/answers posted each day. English side: {days}."
        " Chinese side: 01-13 0/0, 01-14 0/0, 01-15 0/0, 01-16 2/1, 01-17 0/0, 01-18 0/0,"
        " 01-19 1/0."
    )
    assert chinese.startswith(f"2025-W03 柱状图，每天的提问数/回答数。英文区：{days}。中文区：")
    assert "長條圖" in chart_alt_text(_counts(), "zh-TW")
    caption = chart_caption("zh-TW")
    assert caption.startswith("📈 The week in a chart") and "本週圖表" in caption


def test_the_alt_text_stays_within_discords_limit_for_any_numbers() -> None:
    busy = WeekCounts(
        "2025-W03",
        _counts().days,
        dict.fromkeys(Side, (10**9,) * 7),
        dict.fromkeys(Side, (10**9,) * 7),
    )
    alt = chart_alt_text(busy, "zh-CN")
    assert len(alt) <= ALT_TEXT_LIMIT
    assert alt.startswith("Bar chart of 2025-W03")


def test_another_process_draws_the_same_bytes() -> None:
    """No time, version or process state in the file: a restarted bot posts the same chart."""
    script = (
        "import hashlib, sys\n"
        "from tests.unit.test_digest_chart import _counts\n"
        "from bot.services.digest.chart import draw_week_chart\n"
        "sys.stdout.write(hashlib.sha256(draw_week_chart(_counts())).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "MPLBACKEND": "TkAgg"}  # ignored: Agg in code
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == hashlib.sha256(draw_week_chart(_counts())).hexdigest()
    assert "Warning" not in done.stderr
