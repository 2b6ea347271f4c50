"""Community-improved translations: the "Improve translation" menu and ``/tm``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.memory.commands import MemoryCog
from cogs.memory.improve import ImproveMenu

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(ImproveMenu(bot))
    await bot.add_cog(MemoryCog(bot))
