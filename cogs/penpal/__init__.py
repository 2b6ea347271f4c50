"""Pen pals on Discord: ``/penpal`` commands, proposal buttons, the pairs' private threads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.penpal.cog import PenpalCog
from cogs.penpal.views import AnswerButton

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    # Registered once per process: proposal buttons sent before a restart keep working.
    bot.add_dynamic_items(AnswerButton)
    await bot.add_cog(PenpalCog(bot))


async def teardown(bot: YiqiBot) -> None:
    bot.remove_dynamic_items(AnswerButton)
