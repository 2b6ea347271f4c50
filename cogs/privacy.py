"""``/privacy about|export|forget|digest``: a member's own data (SPEC §6), always ephemeral."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.adapters.app_commands_translator import command_name
from bot.adapters.command_tree import send_ephemeral
from bot.i18n import _, current_locale, use_locale
from bot.i18n.messages.exchange import Exchange
from bot.i18n.messages.privacy import ForgetAsked, ForgetKept, Privacy
from bot.services.privacy.service import Kept, MirrorRef, QuestionThread
from bot.translation.languages import Reader
from cogs.exchange.answered import ANSWERED_PREFIX

if TYPE_CHECKING:
    from bot.app import YiqiBot

log = logging.getLogger(__name__)
EXPORT_FILENAME = "yiqi-data.json"
CONFIRM_TIMEOUT = 300


@dataclass(frozen=True)
class ForgetDone:
    removed: int  # mirrors removed
    asked: int  # /ask posts removed
    failed: int  # copies that could not be removed
    requoted: int  # other members' mirrors re-rendered without their quote
    kept: Kept


def forget_summary(done: ForgetDone) -> str:
    """What was removed, and what was not (in the current locale)."""
    lines = [_(Privacy.FORGOTTEN, removed=done.removed)]
    if done.asked:
        lines.append(_(ForgetAsked.ASK_POSTS_REMOVED, removed=done.asked))
    if done.requoted:
        lines.append(_(ForgetKept.QUOTES_REMOVED, requoted=done.requoted))
    if done.failed:
        lines.append(_(Privacy.SOME_COPIES_REMAIN, failed=done.failed))
    if done.kept.reports:
        lines.append(_(ForgetKept.REPORTS_KEPT, reports=done.kept.reports))
    if done.kept.digests_posted:
        lines.append(_(ForgetKept.DIGESTS_KEPT, digests=done.kept.digests_posted))
    return "\n".join(lines)


class ForgetView(discord.ui.View):
    """Delete my data / Cancel, for the member who asked only."""

    def __init__(self, cog: PrivacyCog, guild_id: int, user_id: int) -> None:
        super().__init__(timeout=CONFIRM_TIMEOUT)
        self.cog, self.guild_id, self.user_id = cog, guild_id, user_id
        # Button clicks do not pass the tree's interaction_check: keep the command's language.
        self.locale = current_locale()
        self.confirm.label = _(Privacy.CONFIRM_FORGET)
        self.cancel.label = _(Exchange.CANCEL)

    async def interaction_check(self, interaction: discord.Interaction[YiqiBot]) -> bool:  # type: ignore[override]
        return interaction.user.id == self.user_id

    @discord.ui.button(style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[ForgetView]
    ) -> None:
        self.stop()
        # Deleting many copies can outlast the 3-second answer window.
        await interaction.response.defer()
        done = await self.cog.forget(self.guild_id, self.user_id)
        with use_locale(self.locale):
            text = forget_summary(done)
        await interaction.edit_original_response(content=text, view=None)

    @discord.ui.button(style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction[YiqiBot], _button: discord.ui.Button[ForgetView]
    ) -> None:
        self.stop()
        with use_locale(self.locale):
            text = _(Privacy.NOTHING_DELETED)
        await interaction.response.edit_message(content=text, view=None)


@app_commands.guild_only()
class PrivacyCog(
    commands.GroupCog,
    group_name=command_name(Privacy.NAME),
    group_description=locale_str(Privacy.DESCRIPTION),
):
    def __init__(self, bot: YiqiBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name=command_name(Privacy.ABOUT_NAME), description=locale_str(Privacy.ABOUT_DESCRIPTION)
    )
    async def about(self, interaction: discord.Interaction[YiqiBot]) -> None:
        await send_ephemeral(interaction, _(Privacy.ABOUT_TEXT))

    @app_commands.command(
        name=command_name(Privacy.EXPORT_NAME), description=locale_str(Privacy.EXPORT_DESCRIPTION)
    )
    async def export(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None  # guild_only
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await self.bot.services.privacy.export(interaction.guild_id, interaction.user.id)
        # ensure_ascii=False: Chinese stays readable in the file.
        content = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        await interaction.followup.send(
            _(Privacy.EXPORT_READY),
            file=discord.File(io.BytesIO(content), filename=EXPORT_FILENAME),
            ephemeral=True,
        )

    @app_commands.command(
        name=command_name(Privacy.FORGET_NAME), description=locale_str(Privacy.FORGET_DESCRIPTION)
    )
    async def forget_command(self, interaction: discord.Interaction[YiqiBot]) -> None:
        assert interaction.guild_id is not None
        view = ForgetView(self, interaction.guild_id, interaction.user.id)
        await interaction.response.send_message(
            _(Privacy.FORGET_CONFIRM), view=view, ephemeral=True
        )

    @app_commands.command(
        name=command_name(Privacy.DIGEST_NAME), description=locale_str(Privacy.DIGEST_DESCRIPTION)
    )
    @app_commands.rename(include_me=command_name(Privacy.INCLUDE_ME_NAME))
    @app_commands.describe(include_me=locale_str(Privacy.INCLUDE_ME_DESCRIPTION))
    async def digest(self, interaction: discord.Interaction[YiqiBot], include_me: bool) -> None:
        assert interaction.guild_id is not None
        await self.bot.services.privacy.set_digest_opt_out(
            interaction.guild_id, interaction.user.id, not include_me
        )
        await send_ephemeral(
            interaction, _(Privacy.DIGEST_IN if include_me else Privacy.DIGEST_OUT)
        )

    async def forget(self, guild_id: int, user_id: int) -> ForgetDone:
        """Forget the member, then delete Yiqi's copies and ``/ask`` posts, and take the
        quotes of them out of other members' copies."""
        services = self.bot.services
        plan = await services.privacy.forget(guild_id, user_id)
        removed, failed = await self._delete_mirrors(plan.mirrors)
        await self._delete_cards(plan.cards)
        # Only /ask posts are Yiqi's; the webhook cannot delete a post the member wrote.
        asked, failed_asked = await self._delete_mirrors(plan.question_posts)
        for thread in plan.question_threads:
            await self._rename(thread)  # best effort: a failure is logged, not reported
        # The relay's own edit path: an edit that fails now is retried by its sweep.
        await services.relay.refresh_mirrors(
            services.mirror_sink, (*plan.requoted, *plan.unimproved)
        )
        return ForgetDone(removed, asked, failed + failed_asked, len(plan.requoted), plan.kept)

    async def _rename(self, question: QuestionThread) -> None:
        """Take the question's title off its thread, in the language of that side."""
        with use_locale(Reader.for_side(question.side).value):
            name = _(Privacy.QUESTION_REMOVED)
        try:
            thread = self.bot.get_channel(question.thread_id) or await self.bot.fetch_channel(
                question.thread_id
            )
            if isinstance(thread, discord.Thread):
                await thread.edit(name=(ANSWERED_PREFIX if question.answered else "") + name)
        except discord.NotFound:
            pass  # the thread is gone, and its name with it
        except discord.HTTPException:
            log.exception("could not rename thread %s", question.thread_id)

    async def _delete_cards(self, cards: Iterable[MirrorRef]) -> None:
        """Correction cards are Yiqi's own messages (not its webhook's)."""
        for card in cards:
            channel = self.bot.get_channel(card.channel_id)
            if not isinstance(channel, discord.Thread | discord.TextChannel):
                continue
            try:
                await channel.get_partial_message(card.message_id).delete()
            except discord.NotFound:
                continue
            except discord.HTTPException:
                log.exception("could not delete correction card %s", card)

    async def _delete_mirrors(self, mirrors: Iterable[MirrorRef]) -> tuple[int, int]:
        sink = self.bot.services.mirror_sink
        removed = failed = 0
        for mirror in mirrors:
            try:
                await sink.delete(mirror.channel_id, mirror.thread_id or 0, mirror.message_id)
            except discord.NotFound:
                continue  # already deleted by someone: nothing left to remove
            except Exception:
                # The rows are gone already; keep deleting the other copies.
                log.exception("could not delete mirror %s", mirror)
                failed += 1
            else:
                removed += 1
        return removed, failed


async def setup(bot: YiqiBot) -> None:
    await bot.add_cog(PrivacyCog(bot))
