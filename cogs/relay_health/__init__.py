"""Relay health on Discord: ``/setup status`` buttons and the moderators' failure notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.relay_health.buttons import BridgeHealthButton
from cogs.relay_health.cog import RelayHealthCog

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    # Registered once per process: status buttons shown before a restart keep working.
    bot.add_dynamic_items(BridgeHealthButton)
    await bot.add_cog(RelayHealthCog(bot))


async def teardown(bot: YiqiBot) -> None:
    bot.remove_dynamic_items(BridgeHealthButton)
