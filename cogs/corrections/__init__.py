"""The "Correct" menu, correction cards and ``/learning``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.corrections.cog import CorrectionsCog
from cogs.corrections.learning import LearningCog

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(CorrectionsCog(bot))
    await bot.add_cog(LearningCog(bot))
