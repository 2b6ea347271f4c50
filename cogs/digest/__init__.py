"""The weekly highlight digest on Discord: ``/digest`` commands and its scheduled posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cogs.digest.cog import DigestCog

if TYPE_CHECKING:
    from bot.app import YiqiBot


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(DigestCog(bot))
