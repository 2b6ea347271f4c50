"""Every operator mistake is one clear line on stderr and a non-zero exit (``python -m bot.cli``).

Each case runs the real command in a fresh interpreter: settings, database URLs, databases that
are missing, unreachable or not migrated, unwritable data directories, bad input.
"""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.db.conftest import POSTGRES_ADMIN_URL
from tests.db.scratch_databases import create_scratch_database, drop_scratch_database
from tests.support.yiqi_process import Outcome, yiqi

RunYiqi = Callable[..., Outcome]
needs_postgres = pytest.mark.skipif(POSTGRES_ADMIN_URL is None, reason="YIQI_TEST_DATABASE_URL")


@pytest.fixture
def run(tmp_path: Path) -> Iterator[object]:
    data = tmp_path / "data"

    def run_yiqi(*args: str, stdin: bytes = b"", **env: str) -> Outcome:
        return yiqi(
            *args, cwd=tmp_path, data_dir=Path(env.pop("data_dir", data)), stdin=stdin, **env
        )

    yield run_yiqi


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    assert POSTGRES_ADMIN_URL is not None
    url = asyncio.run(create_scratch_database(POSTGRES_ADMIN_URL))
    yield url
    asyncio.run(drop_scratch_database(POSTGRES_ADMIN_URL, url))


@pytest.mark.parametrize(
    ("variable", "value", "hints"),
    [
        ("YIQI_DATABASE_URL", "garbage", ["YIQI_DATABASE_URL", "postgresql+asyncpg://"]),
        ("YIQI_DATABASE_URL", "mysql://u:secret@h/d", ["'mysql' is not supported", "u:***@h"]),
        ("YIQI_DATABASE_URL", "postgresql://u@h:99999/d", ["port 99999 is not in 1-65535"]),
        ("YIQI_TRANSLATION_BEAM_SIZE", "0", ["YIQI_TRANSLATION_BEAM_SIZE=0", "greater than"]),
        ("YIQI_TRANSLATION_BEAM_SIZE", "99", ["YIQI_TRANSLATION_BEAM_SIZE=99", "less than"]),
        ("YIQI_LOG_LEVEL", "bogus", ["YIQI_LOG_LEVEL=bogus", "DEBUG, INFO, WARNING"]),
        ("YIQI_TRADITIONAL_VARIANT", "bogus", ["YIQI_TRADITIONAL_VARIANT=bogus", "s2twp"]),
        ("YIQI_RELAY_ALLOWED_BOT_IDS", f"[{2**64}]", ["YIQI_RELAY_ALLOWED_BOT_IDS", "less than"]),
        ("YIQI_RELAY_ALLOWED_BOT_IDS", "garbage", ["relay_allowed_bot_ids", ".env.example"]),
        ("YIQI_PENPAL_PROPOSAL_HOURS", "inf", ["YIQI_PENPAL_PROPOSAL_HOURS=inf", "finite"]),
    ],
)
def test_a_bad_setting_names_the_variable_and_what_is_allowed(
    run: RunYiqi, variable: str, value: str, hints: list[str]
) -> None:
    line = run("models", "list", **{variable: value}).the_one_error_line()
    assert "secret" not in line
    for hint in hints:
        assert hint in line


def test_the_database_url_without_an_async_driver_gets_one(run: RunYiqi, tmp_path: Path) -> None:
    database = tmp_path / "plain.db"
    done: Outcome = run("db", "upgrade", YIQI_DATABASE_URL=f"sqlite:///{database}")
    assert done.status == 0, done.err
    assert done.out.strip() == f"database at head: sqlite+aiosqlite:///{database}"
    assert done.err == ""  # routine: no Alembic narration
    assert database.exists()


@needs_postgres
def test_postgresql_urls_without_a_driver_get_asyncpg(run: RunYiqi, empty_postgres: str) -> None:
    plain = make_url(empty_postgres).set(drivername="postgres").render_as_string(False)
    done: Outcome = run("db", "upgrade", YIQI_DATABASE_URL=plain)
    assert done.status == 0, done.err
    assert done.out.startswith("database at head: postgresql+asyncpg://")
    assert done.err == ""


@needs_postgres
def test_an_unknown_postgresql_database(run: RunYiqi) -> None:
    assert POSTGRES_ADMIN_URL is not None
    url = make_url(POSTGRES_ADMIN_URL).set(database="yiqi_no_such_database")
    line = run("db", "upgrade", YIQI_DATABASE_URL=url.render_as_string(False)).the_one_error_line()
    assert "yiqi_no_such_database does not exist" in line
    assert "createdb" in line


def test_a_closed_port(run: RunYiqi) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:1/test"
    line = run("db", "upgrade", YIQI_DATABASE_URL=url).the_one_error_line()
    assert "cannot reach the database at postgresql+asyncpg://postgres@127.0.0.1:1/test" in line
    assert "is the server running?" in line


def test_an_unmigrated_sqlite_database_is_named_and_not_created(
    run: RunYiqi, tmp_path: Path
) -> None:
    line = run("digest", "render", "--guild", "1").the_one_error_line()
    assert "is not migrated: run `yiqi db upgrade`" in line
    assert not (tmp_path / "data" / "yiqi.db").exists()  # no empty database left behind


@needs_postgres
def test_an_unmigrated_postgresql_database(run: RunYiqi, empty_postgres: str) -> None:
    line = run(
        "digest", "render", "--guild", "1", YIQI_DATABASE_URL=empty_postgres
    ).the_one_error_line()
    assert "is not migrated: run `yiqi db upgrade`" in line


def test_an_out_of_range_guild_id(run: RunYiqi) -> None:
    line = run("digest", "render", "--guild", "99999999999999999999999999").the_one_error_line()
    assert "--guild" in line
    assert "is not a Discord id" in line


def test_translate_reads_stdin_and_rejects_bytes_that_are_not_utf8(run: RunYiqi) -> None:
    done: Outcome = run("translate", "--to", "en", "-", stdin="大熊猫\n".encode())
    assert done.status == 3  # no model installed here: shown as written
    assert done.out == "大熊猫\n"
    line = run("translate", "--to", "en", "-", stdin=b"\xff\xfe\x00").the_one_error_line()
    assert "stdin is not UTF-8 text (byte 0xff at offset 0)" in line
    assert "iconv" in line


def test_yiqi_run_without_a_token(run: RunYiqi) -> None:
    line = run("run").the_one_error_line()
    assert "YIQI_DISCORD_TOKEN is not set" in line


def test_an_unexpected_error_is_one_line_unless_debugging(run: RunYiqi, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "yiqi.db").write_bytes(b"this is not a SQLite database, it only has the name" * 100)
    line = run("digest", "render", "--guild", "1").the_one_error_line()
    assert line.startswith("yiqi: error: unexpected")
    assert line.endswith("(run with --debug for details)")
    debugging: Outcome = run("--debug", "digest", "render", "--guild", "1")
    assert debugging.status != 0
    assert "Traceback" in debugging.err


def _unwritable_directory(tmp_path: Path) -> Path:
    """A directory nothing can be created in: mode 0555, or for root a sysfs directory."""
    if os.geteuid() != 0:
        directory = tmp_path / "locked"
        directory.mkdir(mode=0o555)
        return directory
    sysfs = Path("/sys/kernel")
    try:
        (sysfs / "yiqi-probe").mkdir()
    except OSError as error:
        assert error.errno in (errno.EPERM, errno.EACCES, errno.EROFS)
        return sysfs
    pytest.fail("no unwritable directory on this host")


def test_an_unwritable_data_dir_still_lists_and_translates(run: RunYiqi, tmp_path: Path) -> None:
    locked = str(_unwritable_directory(tmp_path))
    listed: Outcome = run("models", "list", data_dir=locked)
    assert listed.status == 0, listed.err
    assert "zh_en not installed" in listed.out
    translated: Outcome = run("translate", "--to", "zh", "Hello", data_dir=locked)
    assert translated.status == 3, translated.err  # no model there: shown as written
    assert translated.out == "Hello\n"
    line = run("db", "upgrade", data_dir=locked).the_one_error_line()
    assert f"cannot write to {locked}" in line
    assert "to create the SQLite database" in line
    assert "YIQI_DATA_DIR" in line
