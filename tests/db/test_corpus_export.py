"""``yiqi corpus export``: consented, live post-edits as TMX 1.4 (read back with
translate-toolkit and checked element by element) and as TSV."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from translate.storage import tmx

from bot.cli import main
from bot.services.memory.corpus import MACHINE_PROP
from db.engine import create_engine, create_sessionmaker
from db.enums import Script, Side
from db.migrate import upgrade_database
from db.models import Member, TranslationMemoryEntry
from db.repositories.guild import GuildRepository
from db.text_hash import text_hash
from tests.db.scratch_databases import sqlite_url

GUILD = 777
CONSENTING, WITHDRAWN = 11, 12
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# (source side, source, machine, human): Chinese, emoji, markup, tabs and newlines.
UNITS = [
    (Side.ZH, "我喜欢喝茶。\n你呢？🍵", "I like tea.\nWhat about you? 🍵", "I love tea.\nYou? 🍵"),
    (
        Side.EN,
        "**Cat tax** <3 & ||spoiler||\tok",
        "**猫税** <3 & ||剧透||\tok",
        "**猫税**<3 & ||剧透||\t好",
    ),
]


def _row(side: Side, source: str, machine: str, human: str, editor: int) -> TranslationMemoryEntry:
    return TranslationMemoryEntry(
        guild_id=GUILD,
        source_side=side,
        target_side=side.other,
        target_script=Script.SIMPLIFIED if side is Side.EN else None,
        source_hash=text_hash(source),
        source_text=source,
        glossary_key="g",
        machine_text=machine,
        human_text=human,
        editor_id=editor,
        editor_name="Ed",
        source_author_id=5,
        created_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    )


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await GuildRepository(session).get_or_create(GUILD)
            now = datetime.now(UTC)
            session.add(Member(guild_id=GUILD, user_id=CONSENTING, improvements_consent_at=now))
            session.add(Member(guild_id=GUILD, user_id=WITHDRAWN))
            for unit in UNITS:
                session.add(_row(*unit, editor=CONSENTING))
            reverted = _row(Side.ZH, "不要这个", "Not this", "Not this one", CONSENTING)
            reverted.reverted_at = now
            session.add(reverted)
            session.add(_row(Side.ZH, "也不要", "Nor this", "Nor this one", WITHDRAWN))
    finally:
        await engine.dispose()


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "data"
    monkeypatch.setenv("YIQI_DATA_DIR", str(data))
    monkeypatch.delenv("YIQI_DATABASE_URL", raising=False)
    url = sqlite_url(data / "yiqi.db")
    upgrade_database(url)
    asyncio.run(_seed(url))
    yield data


def test_tmx_validates_and_round_trips(data_dir: Path) -> None:
    out = data_dir / "corpus.tmx"
    assert (
        main(["corpus", "export", "--guild", str(GUILD), "--format", "tmx", "--output", str(out)])
        == 0
    )
    raw = out.read_bytes()

    # Read back with translate-toolkit: every unit, exactly (Chinese, emoji, markup, newlines).
    store = tmx.tmxfile.parsestring(raw)  # type: ignore[no-untyped-call]
    assert [(u.source, u.target) for u in store.units] == [(s, h) for _, s, _, h in UNITS]

    # And the structure TMX 1.4 asks for.
    root = ElementTree.fromstring(raw)
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "*all*"  # both directions
    units = root.findall("body/tu")
    assert len(units) == len(UNITS)
    for tu, (side, source, machine, human) in zip(units, UNITS, strict=True):
        assert tu.get("srclang") == side.value and tu.get("creationdate") == "20261201T093000Z"
        [prop] = tu.findall("prop")
        assert prop.get("type") == MACHINE_PROP and prop.text == machine
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == [side.value, side.other.value]
        assert [t.findtext("seg") for t in tuvs] == [source, human]
        # The DTD's order: notes and props before the variants.
        assert [c.tag for c in tu] == ["note", "prop", "tuv", "tuv"]


def test_tsv_has_a_header_and_escaped_cells(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", "export", "--guild", str(GUILD), "--format", "tsv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "source_lang\ttarget_lang\tsource\tmachine\thuman\tdate"
    assert len(lines) == 1 + len(UNITS)  # reverted and unconsented entries stay out
    cells = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 6 for row in cells)
    assert cells[0][:5] == [
        "zh",
        "en",
        "我喜欢喝茶。\\n你呢？🍵",
        "I like tea.\\nWhat about you? 🍵",
        "I love tea.\\nYou? 🍵",
    ]
    assert cells[1][2] == "**Cat tax** <3 & ||spoiler||\\tok"
    assert cells[1][5].startswith("2026-12-01T09:30:00")


def test_bad_input_is_one_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nowhere = data_dir / "missing" / "corpus.tmx"
    code = main(
        ["corpus", "export", "--guild", str(GUILD), "--format", "tmx", "--output", str(nowhere)]
    )
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "--output" in err
    with pytest.raises(SystemExit):
        main(["corpus", "export", "--guild", "nope", "--format", "tmx"])
    assert "\n" not in capsys.readouterr().err.strip()
    with pytest.raises(SystemExit):
        main(["corpus", "export", "--guild", str(GUILD), "--format", "xliff"])


def test_an_unknown_guild_exports_an_empty_corpus(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", "export", "--guild", "1", "--format", "tmx"]) == 0
    store = tmx.tmxfile.parsestring(  # type: ignore[no-untyped-call]
        capsys.readouterr().out.encode()
    )
    assert list(store.units) == []
