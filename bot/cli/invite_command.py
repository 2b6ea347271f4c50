"""``yiqi invite-url [--client-id ID]``: the link a server admin opens to add the bot."""

from __future__ import annotations

import argparse
import base64
import binascii
import sys
from typing import Any

from bot.adapters.invite_permissions import invite_url
from bot.settings import Settings


def register(commands: Any) -> None:
    invite = commands.add_parser(
        "invite-url",
        help="print the OAuth2 link that adds the bot to a server (see docs/ADMIN.md)",
    )
    invite.add_argument(
        "--client-id",
        type=int,
        help="the application's client id (default: read from YIQI_DISCORD_TOKEN)",
    )
    invite.set_defaults(handler=run_invite)


def client_id_from_token(token: str) -> int | None:
    """A bot token's first part is its user id (= the application id) in base64."""
    first = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(first + "=" * (-len(first) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    text = decoded.decode("ascii", errors="replace")
    return int(text) if text.isdigit() else None


def run_invite(args: argparse.Namespace, settings: Settings) -> int:
    client_id: int | None = args.client_id
    if client_id is None and settings.discord_token is not None:
        client_id = client_id_from_token(settings.discord_token.get_secret_value())
    if client_id is None:
        print(
            "error: no client id: pass --client-id (Developer Portal → your application → "
            "OAuth2 → Client ID) or set YIQI_DISCORD_TOKEN",
            file=sys.stderr,
        )
        return 2
    print(invite_url(client_id))
    return 0
