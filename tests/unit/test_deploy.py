"""deploy/ is consistent with the code (no image can be built here: Docker Hub is offline).

The compose file parses and names real settings; the Dockerfile, entrypoint and systemd unit
agree on paths, users and the order "migrate, then run". The entrypoint is executed for real
with a recording ``yiqi`` on PATH.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GRACE_DEFAULT = Settings.model_fields["shutdown_grace_seconds"].default


def compose() -> dict[str, Any]:
    data = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, with continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def unit() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string((DEPLOY / "yiqi.service").read_text(encoding="utf-8"))
    return parser["Service"]


def seconds(duration: str) -> float:
    match = re.fullmatch(r"(\d+)\s*(s|min)?", duration)
    assert match, duration
    return int(match[1]) * (60 if match[2] == "min" else 1)


def test_compose_runs_the_bot_with_postgres_and_only_real_settings() -> None:
    services = compose()["services"]
    # Without a profile: the embedded default, one bot process beside PostgreSQL.
    assert {name for name, s in services.items() if "profiles" not in s} == {"bot", "db"}
    db, bot = services["db"], services["bot"]

    assert db["image"] == "postgres:15.15"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"

    for name in bot["environment"]:
        assert name.startswith("YIQI_"), name
        assert name.removeprefix("YIQI_").lower() in Settings.model_fields, name
    url = bot["environment"]["YIQI_DATABASE_URL"]
    assert url.startswith("postgresql+asyncpg://yiqi:") and url.endswith("@db:5432/yiqi")
    assert db["environment"]["POSTGRES_USER"] == "yiqi" == db["environment"]["POSTGRES_DB"]
    assert bot["env_file"] == ["../.env"]  # the repository's .env, made from .env.example


def test_compose_builds_this_dockerfile_and_mounts_its_data_volume() -> None:
    bot = compose()["services"]["bot"]
    context = (DEPLOY / bot["build"]["context"]).resolve()
    assert context == ROOT
    assert (context / bot["build"]["dockerfile"]) == DEPLOY / "Dockerfile"
    data_dir = bot["environment"]["YIQI_DATA_DIR"]
    assert f"yiqi-data:{data_dir}" in bot["volumes"]
    assert ("ENV", f"YIQI_DATA_DIR={data_dir}") in [
        (op, arg) for op, args in dockerfile() for arg in args.split() if op == "ENV"
    ]
    assert seconds(bot["stop_grace_period"]) > GRACE_DEFAULT


def test_dockerfile_is_slim_non_root_and_installs_like_the_makefile() -> None:
    steps = dockerfile()
    # An exact interpreter and Debian release, never a floating tag.
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", steps[0][1])
    users = [args for op, args in steps if op == "USER"]
    assert users and users[-1] not in {"root", "0"}
    run = " ".join(args for op, args in steps if op == "RUN")
    # Locked, hash-checked dependencies (runtime: no extras), argostranslate without its own.
    assert "pip install --require-hashes -r requirements/runtime.txt" in run
    assert "pip install --no-deps --require-hashes -r requirements/argostranslate.txt" in run
    # A plain install: the wheel carries the compiled catalogs (tests/packaging/).
    assert "pip install --no-deps --no-build-isolation ." in run
    assert "-e" not in run.split()
    for op, args in steps:
        if op == "COPY" and "--chmod" not in args:
            source = args.split()[0]
            assert (ROOT / source).exists(), source
    assert ("ENTRYPOINT", '["yiqi-entrypoint"]') in steps
    assert ("CMD", '["run"]') in steps
    assert any(op == "COPY" and "deploy/entrypoint.sh" in args for op, args in steps)
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    for needed in ("bot/", "cogs/", "db/", "locale/", "setup.py", "deploy/entrypoint.sh"):
        assert f"!{needed}" in ignored


def test_the_image_carries_neither_simcord_nor_the_demo() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(dep.startswith("simcord") for dep in pyproject["dependencies"])
    assert pyproject["optional-dependencies"]["demo"] == ["simcord==3.2.1"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--extra dev --extra demo" in makefile  # the lock make setup installs has the demo
    assert "simcord==" in (ROOT / "requirements" / "dev.txt").read_text(encoding="utf-8")
    assert "simcord" not in (ROOT / "requirements" / "runtime.txt").read_text(encoding="utf-8")

    steps = dockerfile()
    for op, args in steps:
        if op in {"COPY", "ADD"}:
            *sources, _target = [word for word in args.split() if not word.startswith("--")]
            for source in sources:
                assert source not in {".", "./"}, "copying the whole tree would carry demo/"
                assert Path(source).parts[0] != "demo", source
    installs = re.findall(r"pip install ([^&;]+)", " ".join(a for op, a in steps if op == "RUN"))
    assert installs, steps
    for install in installs:
        assert "simcord" not in install, install
        assert "[" not in install, install  # no extras: neither demo nor dev
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    assert "*" in ignored  # everything is excluded unless listed ...
    assert not any(line.startswith("!demo") for line in ignored)  # ... and demo/ is not


def test_entrypoint_is_valid_bash() -> None:
    bash = shutil.which("bash")
    assert bash is not None
    subprocess.run([bash, "-n", str(DEPLOY / "entrypoint.sh")], check=True)


def run_entrypoint(tmp_path: Path, *args: str, models_fail: bool = False) -> list[str]:
    """Run entrypoint.sh with a ``yiqi`` on PATH that records its arguments."""
    log = tmp_path / "calls"
    fake = tmp_path / "bin" / "yiqi"
    fake.parent.mkdir(exist_ok=True)
    failing = 'if [ "$1" = models ]; then exit 2; fi\n' if models_fail else ""
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n{failing}', encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        ["bash", str(DEPLOY / "entrypoint.sh"), *args],
        check=True,
        env=env,
        capture_output=True,
    )
    return log.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("args", [(), ("run",)])
def test_entrypoint_installs_missing_models_migrates_then_runs(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    assert run_entrypoint(tmp_path, *args) == [
        "models install --pypi-zh-en --skip-if-installed",
        "models install --from-index en zh --skip-if-installed",
        "db upgrade",
        "run",
    ]


def test_entrypoint_runs_the_bot_even_when_a_model_download_fails(tmp_path: Path) -> None:
    assert run_entrypoint(tmp_path, models_fail=True)[-2:] == ["db upgrade", "run"]


def test_entrypoint_gives_workers_their_models_but_no_migration(tmp_path: Path) -> None:
    assert run_entrypoint(tmp_path, "translate-worker") == [
        "models install --pypi-zh-en --skip-if-installed",
        "models install --from-index en zh --skip-if-installed",
        "translate-worker",
    ]


def test_entrypoint_prepare_installs_models_and_migrates_only(tmp_path: Path) -> None:
    assert run_entrypoint(tmp_path, "prepare") == [
        "models install --pypi-zh-en --skip-if-installed",
        "models install --from-index en zh --skip-if-installed",
        "db upgrade",
    ]


def test_entrypoint_passes_other_commands_through(tmp_path: Path) -> None:
    assert run_entrypoint(tmp_path, "models", "list") == ["models list"]


def test_systemd_unit_migrates_then_runs_the_bot_hardened() -> None:
    service = unit()
    venv_yiqi = "/opt/yiqi/.venv/bin/yiqi"
    assert service["ExecStartPre"] == f"{venv_yiqi} db upgrade"
    assert service["ExecStart"] == f"{venv_yiqi} run"
    assert service["Restart"] == "on-failure"
    assert service["EnvironmentFile"].startswith("/")
    assert service["User"] not in {"root", "0"}
    assert service["Environment"] == f"YIQI_DATA_DIR=/var/lib/{service['StateDirectory']}"
    assert service["KillSignal"] == "SIGTERM"
    assert seconds(service["TimeoutStopSec"]) > GRACE_DEFAULT
    for option in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "RestrictSUIDSGID"):
        assert service[option] == "yes", option
    assert service["ProtectSystem"] == "strict"


def test_env_example_leaves_the_data_dir_to_the_deploy_recipes() -> None:
    """An env file made from .env.example (EnvironmentFile=, --env-file, compose's env_file)
    must not override the image's /data or the unit's /var/lib/yiqi."""
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assigned = {line.split("=", 1)[0] for line in lines if "=" in line and line[:1] != "#"}
    assert "YIQI_DATA_DIR" not in assigned
    assert "# POSTGRES_PASSWORD=" in lines  # what compose.yaml requires is documented


def test_the_systemd_recipe_installs_locked_and_not_editable() -> None:
    recipe = (DEPLOY / "README.md").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements/runtime.txt" in recipe
    assert "pip install --no-deps --no-build-isolation ." in recipe
    assert "pip install -e" not in recipe
