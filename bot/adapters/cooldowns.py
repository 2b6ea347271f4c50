"""Per-member cooldowns as application-command checks (counts: ``bot.services.cooldowns``)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.services.cooldowns import CommandCooldowns, MemberCooldown

T = TypeVar("T")
Check = Callable[[discord.Interaction[Any]], Coroutine[Any, Any, bool]]


class MemberOnCooldown(app_commands.CheckFailure):
    """The member used the command too often; the tree's error handler tells them to wait."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"on cooldown for {retry_after} s")
        self.retry_after = retry_after


def cooldown_check(pick: Callable[[CommandCooldowns], MemberCooldown]) -> Check:
    """A check that counts each use against the limit ``pick`` chooses, or refuses it."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        limit = pick(interaction.client.services.cooldowns)
        wait = limit.use(interaction.guild_id, interaction.user.id)
        if wait is not None:
            raise MemberOnCooldown(wait)
        return True

    return predicate


def member_cooldown(pick: Callable[[CommandCooldowns], MemberCooldown]) -> Callable[[T], T]:
    """``cooldown_check`` as a decorator. Put it above the permission checks (they run
    first): a refused member uses nothing up."""
    return app_commands.check(cooldown_check(pick))
