"""``yiqi invite-url``: the permission integer is the documented list, and the docs stay inside
the repository."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from bot.adapters.invite_permissions import invite_permission_names, invite_permissions
from bot.cli import main
from bot.cli.invite_command import client_id_from_token

ROOT = Path(__file__).resolve().parents[2]
ADMIN = ROOT / "docs" / "ADMIN.md"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "deploy" / "README.md"]


def documented_permissions() -> set[str]:
    """The `discord.Permissions` names in the first column of ADMIN.md's permission table."""
    section = ADMIN.read_text(encoding="utf-8").split("## Permissions", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def test_the_invite_asks_for_exactly_the_documented_permissions() -> None:
    documented = documented_permissions()
    assert documented == invite_permission_names()
    value = discord.Permissions(**dict.fromkeys(documented, True)).value
    assert value == invite_permissions().value
    assert f"permissions={value}" in ADMIN.read_text(encoding="utf-8")
    # Nothing that would make the bot an administrator or a moderator of members.
    granted = invite_permissions()
    assert not (granted.administrator or granted.ban_members or granted.kick_members)


def test_invite_url_reads_the_client_id_from_the_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("YIQI_DISCORD_TOKEN", "MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.not-a-real-secret")
    assert main(["invite-url"]) == 0
    url = urlsplit(capsys.readouterr().out.strip())
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    query = parse_qs(url.query)
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    assert query["permissions"] == [str(invite_permissions().value)]


def test_invite_url_takes_a_client_id_and_refuses_without_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("YIQI_DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(ROOT / "docs")  # no .env here to supply a token
    assert main(["invite-url", "--client-id", "42"]) == 0
    assert "client_id=42&" in capsys.readouterr().out
    assert main(["invite-url"]) == 2
    assert "--client-id" in capsys.readouterr().err


def test_a_token_that_is_not_base64_gives_no_client_id() -> None:
    assert client_id_from_token("not base64!.x.y") is None
    assert client_id_from_token("aGVsbG8.x.y") is None  # "hello": not an id


def test_the_docs_link_nothing_outside_the_repository() -> None:
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = (doc.parent / target.split("#", 1)[0]).resolve()
            assert path.is_relative_to(ROOT), f"{doc.name} links outside: {target}"
            assert path.exists(), f"{doc.name} links to a missing file: {target}"
        assert "../shared" not in text and "/work/" not in text, doc.name
