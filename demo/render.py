"""Print the demo conversation as each side of the bridge sees it, CJK-width aware."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord

if TYPE_CHECKING:  # `yiqi demo --translations` uses the width helpers without SimCord
    import simcord

WIDTH = 78


def width(text: str) -> int:
    """Terminal columns: CJK characters and emoji take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1 for ch in text)


def wrap(text: str, columns: int) -> list[str]:
    """Wrap one line to ``columns``, breaking at spaces where there are any."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if width(candidate) <= columns:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:  # a word wider than the column (CJK runs, URLs) breaks anywhere
            if width(current + ch) > columns:
                lines.append(current)
                current = ""
            current += ch
    lines.append(current)
    return lines


@dataclass(frozen=True)
class PrivateReply:
    """An ephemeral answer only the member who asked sees (e.g. the Translate menu)."""

    who: str
    action: str
    target: str
    reply: str


def _author(message: discord.Message) -> str:
    if message.webhook_id is not None:
        return f"{message.author.name} · relayed by Yiqi"
    return message.author.display_name


def _body(content: str, indent: int) -> Iterator[str]:
    """The message text; Discord's ``-# `` subtext lines shown as small print."""
    pad = " " * indent
    columns = WIDTH - indent
    for line in content.splitlines() or [""]:
        if line.startswith("-# "):
            for piece in wrap(line[3:], columns - 4):
                yield f"{pad}  ╰ {piece}"
        else:
            for piece in wrap(line, columns):
                yield pad + piece


def _message(message: discord.Message, indent: int) -> Iterator[str]:
    yield " " * indent + f"[{_author(message)}]"
    yield from _body(message.content, indent + 2)


def render_channel(title: str, channel: simcord.ChannelHandle, viewer: simcord.MemberActor) -> str:
    """One channel and its threads, oldest first, as ``viewer`` sees them in Discord."""
    threads = {thread.id: thread for thread in channel.threads}
    lines = [title, "═" * width(title)]
    for message in channel.history(viewer=viewer):
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            continue
        lines.extend(_message(message, 0))
        thread = threads.get(message.id)  # a thread started on a message shares its id
        if thread is None:
            continue
        lines.append(f"  🧵 thread “{thread.name}”")
        for reply in thread.history(viewer=viewer):
            lines.extend(_message(reply, 4))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_thread(title: str, thread: simcord.ChannelHandle, viewer: simcord.MemberActor) -> str:
    """One thread's messages, oldest first, as ``viewer`` sees them in Discord (a private
    thread has no starter message in its channel; system lines are left out)."""
    lines = [title, "═" * width(title), f"  🧵 thread “{thread.name}”"]
    for message in thread.history(viewer=viewer):
        if message.type in (discord.MessageType.default, discord.MessageType.reply):
            lines.extend(_message(message, 4))
    return "\n".join(lines).rstrip() + "\n"


def render_private(reply: PrivateReply) -> str:
    title = f"Only {reply.who} sees this ({reply.action})"
    lines = [title, "═" * width(title)]
    lines.extend(_body(f"on: {reply.target}", 2))
    lines.extend(_body(f"→ {reply.reply}", 2))
    return "\n".join(lines) + "\n"


def render_messages(title: str, messages: list[discord.Message]) -> str:
    """A few messages (a scene's part of a thread), as the side reading them sees them."""
    lines = [title, "═" * width(title)]
    for message in messages:
        lines.extend(_message(message, 0))
    return "\n".join(lines).rstrip() + "\n"
