"""``yiqi digest render`` against a SQLite file in the data directory."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from bot.i18n import install_catalogs
from db.engine import create_engine, create_sessionmaker
from db.enums import Side
from db.migrate import upgrade_database
from tests.db.scratch_databases import sqlite_url
from tests.support.digest_week import WEEK_START, WeekWriter


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    monkeypatch.setenv("YIQI_DATA_DIR", str(data))
    monkeypatch.delenv("YIQI_DATABASE_URL", raising=False)
    url = sqlite_url(data / "yiqi.db")
    upgrade_database(url)
    asyncio.run(_seed(url))
    yield data
    install_catalogs(None)  # the command installs the catalogs for the process


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            writer = WeekWriter(session)
            await writer.guild()
            question = await writer.question(
                Side.ZH,
                "大家都养熊猫吗？",
                asker=7,
                at=WEEK_START,
                translation="Does everyone keep a panda?",
            )
            await writer.reply(
                question,
                Side.EN,
                "Only in zoos!",
                author=8,
                at=WEEK_START,
                translation="只在动物园里！",
            )
            await session.commit()
    finally:
        await engine.dispose()


def test_render_a_week_as_markdown(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "render", "--guild", "1", "--week", "2025-W03"]) == 0
    out = capsys.readouterr().out
    assert "## 📰 Yiqi weekly digest 2025-W03 (2025-01-13 – 2025-01-19) · 一起周报" in out
    assert "> 🇨🇳 **member7**: 大家都养熊猫吗？\n> 🇺🇸 Does everyone keep a panda?" in out
    assert "> 🇺🇸 **member8**: Only in zoos!\n> 🇨🇳 只在动物园里！" in out
    # Jump links: the question's thread on each side, the answer's message on its side.
    assert "[🇨🇳 ↗](<https://discord.com/channels/1/1000000000000000>)" in out
    assert "[🇺🇸 ↗](<https://discord.com/channels/1/1000000000000001>)" in out
    assert "[🇺🇸 ↗](<https://discord.com/channels/1/1000000000000001/1000000000000004>)" in out


def test_render_as_discord_messages(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["digest", "render", "--guild", "1", "--week", "2025-W03", "--format", "discord"]) == 0
    )
    assert "### ⭐ Question of the week · 本周问题" in capsys.readouterr().out


def test_default_week_is_the_last_complete_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["digest", "render", "--guild", "1", "--format", "discord"]) == 0
    assert "nothing to post" in capsys.readouterr().out  # the seeded week is long past


def test_a_bad_week_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "render", "--guild", "1", "--week", "2025-13"]) == 2
    assert "not an ISO week" in capsys.readouterr().err


def test_render_writes_the_chart_where_asked(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chart = tmp_path / "week.png"
    assert (
        main(["digest", "render", "--guild", "1", "--week", "2025-W03", "--chart", str(chart)]) == 0
    )
    out = capsys.readouterr().out
    with Image.open(chart) as image:
        assert image.format == "PNG"
    assert f"Chart written to {chart} ({chart.stat().st_size:,} bytes)" in out
    # The question was asked on Monday 2025-01-13 (Shanghai) on the Chinese side.
    assert "Chinese side: 01-13 1/0, 01-14 0/0" in out and "中文区：01-13 1/0" in out

    empty = tmp_path / "empty.png"
    assert (
        main(["digest", "render", "--guild", "1", "--week", "2025-W10", "--chart", str(empty)]) == 0
    )
    assert "no chart for 2025-W10" in capsys.readouterr().out
    assert not empty.exists()

    nowhere = tmp_path / "missing-dir" / "x.png"
    assert (
        main(["digest", "render", "--guild", "1", "--week", "2025-W03", "--chart", str(nowhere)])
        == 2
    )
    assert f"--chart {nowhere}" in capsys.readouterr().err
