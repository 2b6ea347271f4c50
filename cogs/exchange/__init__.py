"""The Q&A bridge on Discord: listeners feeding the relay, ``/ask``, ``/answered``, reactions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.exchange.answered import AnsweredCog
from cogs.exchange.ask import AskCog
from cogs.exchange.cog import ExchangeCog
from cogs.exchange.reactions import ReactionsCog

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(ExchangeCog(bot))
    await bot.add_cog(AskCog(bot))
    await bot.add_cog(AnsweredCog(bot))
    await bot.add_cog(ReactionsCog(bot))
