"""The Q&A bridge on Discord: listeners feeding the relay, and the webhook sink it posts through."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.exchange.answered import AnsweredCog
from cogs.exchange.ask import AskCog
from cogs.exchange.cog import ExchangeCog
from cogs.exchange.reactions import ReactionsCog

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    exchange = ExchangeCog(bot)
    await bot.add_cog(exchange)
    bot.provide_mirror_sink(exchange.sink)
    await bot.add_cog(AskCog(bot, exchange.sink))
    await bot.add_cog(AnsweredCog(bot))
    await bot.add_cog(ReactionsCog(bot))
