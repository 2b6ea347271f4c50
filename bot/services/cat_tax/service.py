"""The optional "cat tax" gate (SPEC §6): a pet photo and a short intro earn the exchange role.

In the server's gate channel, a member's post with an image attachment and a short intro is
recorded as a ``CatTaxNewcomer`` and approved; the caller then grants the exchange role and
posts a bilingual welcome. A post without an image (or without an intro) gets an explanation
and changes nothing. Approval is claimed in the database before the role is granted, so two
quick posts welcome a member once; if granting fails the claim is undone and the newcomer's
next post tries again.

What counts:
- an image: an attachment whose content type is ``image/*`` or whose file name ends in a
  common image extension (Discord does not always send a content type);
- an intro: at least ``MIN_INTRO_WEIGHT`` letters once links, mentions and emoji are removed,
  a Chinese character weighing 2.5 letters (the weight language detection uses): "Hello" and
  你好 pass, "hi" and "🐱🐱" do not.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.base import DatabaseService
from bot.services.caches import (
    GUILD_CACHE_SECONDS,
    GUILD_CACHE_SIZE,
    MISSING,
    BoundedCache,
    Monotonic,
)
from bot.translation.languages import (
    Reader,
    count_scripts,
    detect_side,
    reader_for_discord_locale,
)
from bot.translation.protection import without_protected
from db.clock import Clock
from db.enums import Side
from db.repositories.cat_tax import CatTaxRepository
from db.repositories.guild import GuildRepository
from db.repositories.member import MemberRepository

IMAGE_EXTENSIONS = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif", ".avif", ".bmp", ".tif", ".tiff"}
)
MIN_INTRO_WEIGHT = 5.0
CJK_WEIGHT = 2.5


class RoleGrantError(Exception):
    """The exchange role could not be granted (missing permission, role gone…)."""


@dataclass(frozen=True)
class GateAttachment:
    filename: str
    content_type: str | None = None

    @property
    def is_image(self) -> bool:
        if self.content_type and self.content_type.lower().startswith("image/"):
            return True
        name = self.filename.lower()
        return any(name.endswith(extension) for extension in IMAGE_EXTENSIONS)


@dataclass(frozen=True)
class GatePost:
    """A member's message in a server's channel, as the gate sees it."""

    guild_id: int
    channel_id: int
    message_id: int
    user_id: int
    text: str
    attachments: tuple[GateAttachment, ...] = ()


@dataclass(frozen=True)
class GateSettings:
    channel_id: int
    role_id: int
    # The script the Chinese half of bilingual posts is written in.
    chinese_reader: Reader
    ui_locale: str


class GateVerdict(StrEnum):
    WELCOMED = "welcomed"  # approved now: role granted, welcome due
    ALREADY_WELCOMED = "already-welcomed"  # approved before: say nothing
    NEEDS_IMAGE = "needs-image"
    NEEDS_INTRO = "needs-intro"
    ROLE_FAILED = "role-failed"  # post recorded, role not granted; the next post retries


@dataclass(frozen=True)
class GateOutcome:
    verdict: GateVerdict
    settings: GateSettings
    # Who an explanation is written for; None: nobody knows their language, say it in both.
    reader: Reader | None = None


def has_intro(text: str) -> bool:
    cjk, latin = count_scripts(without_protected(text))
    return cjk * CJK_WEIGHT + latin >= MIN_INTRO_WEIGHT


def missing_from(post: GatePost) -> GateVerdict | None:
    """What a gate post lacks (the image first), or None when it pays the cat tax."""
    if not any(a.is_image for a in post.attachments):
        return GateVerdict.NEEDS_IMAGE
    if not has_intro(post.text):
        return GateVerdict.NEEDS_INTRO
    return None


GrantRole = Callable[[int], Awaitable[None]]


class CatTaxService(DatabaseService):
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock,
        monotonic: Monotonic,
    ) -> None:
        super().__init__(sessions, clock=clock)
        # guild → its gate (None: off). Every message in every channel asks, so cache it
        # (policy: bot.services.caches).
        self._gates: BoundedCache[int, GateSettings | None] = BoundedCache(
            GUILD_CACHE_SIZE, ttl_seconds=GUILD_CACHE_SECONDS, monotonic=monotonic
        )

    async def configure(self, guild_id: int, channel_id: int, role_id: int) -> GateSettings:
        """Turn the gate on (or move it): posts in ``channel_id`` earn ``role_id``."""
        async with self._sessions() as session, session.begin():
            guild = await GuildRepository(session).get_or_create(guild_id)
            guild.cat_tax_channel_id = channel_id
            guild.exchange_role_id = role_id
        self._gates.invalidate(guild_id)
        gate = await self.gate_for(guild_id)
        assert gate is not None
        return gate

    async def disable(self, guild_id: int) -> bool:
        """Turn the gate off; False if it was not on. Recorded newcomers stay."""
        async with self._sessions() as session, session.begin():
            guild = await GuildRepository(session).get(guild_id)
            was_on = guild is not None and guild.cat_tax_channel_id is not None
            if guild is not None:
                guild.cat_tax_channel_id = None
        self._gates.invalidate(guild_id)
        return was_on

    async def gate_for(self, guild_id: int) -> GateSettings | None:
        """The server's gate, or None when it has none."""
        cached = self._gates.get(guild_id)
        if cached is not MISSING:
            return cached
        async with self._sessions() as session:
            guild = await GuildRepository(session).get(guild_id)
        gate = None
        if guild is not None and guild.cat_tax_channel_id and guild.exchange_role_id:
            gate = GateSettings(
                channel_id=guild.cat_tax_channel_id,
                role_id=guild.exchange_role_id,
                chinese_reader=Reader.ZH_TW if guild.prefer_traditional else Reader.ZH_CN,
                ui_locale=guild.ui_locale,
            )
        self._gates.put(guild_id, gate)
        return gate

    async def handle_post(self, post: GatePost, grant_role: GrantRole) -> GateOutcome | None:
        """Judge a post; None unless it is in the gate channel.

        ``grant_role(role_id)`` gives the member the role or raises ``RoleGrantError``.
        """
        gate = await self.gate_for(post.guild_id)
        if gate is None or post.channel_id != gate.channel_id:
            return None
        async with self._sessions() as session:
            earlier = await CatTaxRepository(session).get(post.guild_id, post.user_id)
            if earlier is not None and earlier.approved_at is not None:
                return GateOutcome(GateVerdict.ALREADY_WELCOMED, gate)
            reader = await self._reader(session, post, gate)
        missing = missing_from(post)
        if missing is not None:
            return GateOutcome(missing, gate, reader)
        async with self._sessions() as session, session.begin():
            repository = CatTaxRepository(session)
            await repository.record_post(post.guild_id, post.user_id, post.message_id)
            claimed = await repository.claim_approval(post.guild_id, post.user_id, self._clock())
        if not claimed:  # another post of theirs got there first
            return GateOutcome(GateVerdict.ALREADY_WELCOMED, gate)
        try:
            await grant_role(gate.role_id)
        except RoleGrantError:
            async with self._sessions() as session, session.begin():
                await CatTaxRepository(session).revoke_approval(post.guild_id, post.user_id)
            return GateOutcome(GateVerdict.ROLE_FAILED, gate, reader)
        return GateOutcome(GateVerdict.WELCOMED, gate, reader)

    async def _reader(
        self, session: AsyncSession, post: GatePost, gate: GateSettings
    ) -> Reader | None:
        """The poster's language: their own setting, else what they wrote in, else unknown."""
        member = await MemberRepository(session).get(post.guild_id, post.user_id)
        side = member.side if member is not None else None
        if side is None:
            side = detect_side(without_protected(post.text))
        if side is None and member is not None and member.locale:
            side = reader_for_discord_locale(member.locale).side
        if side is None:
            return None
        if side is Side.EN:
            return Reader.EN
        if member is not None and member.script is not None:
            return Reader.for_script(member.script)
        return gate.chinese_reader
