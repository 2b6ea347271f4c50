"""CatTaxService: the cat-tax gate's rules and records, without Discord (SQLite + PG)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.caches import GUILD_CACHE_SECONDS
from bot.services.cat_tax.service import (
    CatTaxService,
    GateAttachment,
    GatePost,
    GateVerdict,
    RoleGrantError,
    has_intro,
    missing_from,
)
from bot.services.language.members import MemberService
from bot.translation.languages import Reader
from db.models import CatTaxNewcomer, Guild
from tests.support.clock import MovableClock

GUILD = 4_000_000_000_000_001
GATE = 4_000_000_000_000_010
ELSEWHERE = 4_000_000_000_000_011
ROLE = 4_000_000_000_000_020
NOW = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)

CAT_PHOTO = GateAttachment("mimi.jpg", "image/jpeg")


class RoleDesk:
    """Grants roles the way the cog does: records them, or fails like a missing permission."""

    def __init__(self) -> None:
        self.granted: list[int] = []
        self.refuse = False

    async def grant(self, role_id: int) -> None:
        if self.refuse:
            raise RoleGrantError("Missing Permissions")
        self.granted.append(role_id)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(NOW)


@pytest.fixture
def service(
    session_factory: async_sessionmaker[AsyncSession], clock: MovableClock
) -> CatTaxService:
    return CatTaxService(session_factory, clock=clock, monotonic=clock.monotonic)


def post(
    text: str,
    *attachments: GateAttachment,
    user: int = 7,
    message: int = 100,
    channel: int = GATE,
) -> GatePost:
    return GatePost(GUILD, channel, message, user, text, attachments)


async def newcomers(sessions: async_sessionmaker[AsyncSession]) -> list[CatTaxNewcomer]:
    async with sessions() as session:
        return list(await session.scalars(select(CatTaxNewcomer).order_by(CatTaxNewcomer.id)))


@pytest.mark.parametrize(
    ("attachment", "is_image"),
    [
        (GateAttachment("cat.PNG"), True),
        (GateAttachment("photo", "image/webp"), True),
        (GateAttachment("IMG_0001.HEIC", None), True),
        (GateAttachment("notes.txt", "text/plain"), False),
        (GateAttachment("cat.mp4", "video/mp4"), False),
    ],
)
def test_what_counts_as_an_image(attachment: GateAttachment, is_image: bool) -> None:
    assert attachment.is_image is is_image


@pytest.mark.parametrize(
    ("text", "enough"),
    [
        ("Hello", True),
        ("你好", True),
        ("我是小王", True),
        ("hi", False),
        ("喵", False),
        ("🐱🐱🐱 <@123456789012345678> https://example.com/cat", False),
        ("Hi, I'm Sam from Ohio and this is Mochi!", True),
    ],
)
def test_what_counts_as_an_intro(text: str, enough: bool) -> None:
    assert has_intro(text) is enough


def test_the_image_is_asked_for_first() -> None:
    assert missing_from(post("hi")) is GateVerdict.NEEDS_IMAGE
    assert missing_from(post("Hello everyone!")) is GateVerdict.NEEDS_IMAGE
    assert missing_from(post("", CAT_PHOTO)) is GateVerdict.NEEDS_INTRO
    assert missing_from(post("Hello everyone!", CAT_PHOTO)) is None


async def test_no_gate_no_verdict(service: CatTaxService) -> None:
    desk = RoleDesk()
    assert await service.gate_for(GUILD) is None
    assert await service.handle_post(post("Hello!", CAT_PHOTO), desk.grant) is None
    await service.configure(GUILD, GATE, ROLE)
    assert (
        await service.handle_post(post("Hello!", CAT_PHOTO, channel=ELSEWHERE), desk.grant) is None
    )
    assert desk.granted == []


async def test_a_photo_and_an_intro_earn_the_role_once(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = RoleDesk()
    gate = await service.configure(GUILD, GATE, ROLE)
    assert gate.chinese_reader is Reader.ZH_CN

    outcome = await service.handle_post(post("Hi, I'm Sam! This is Mochi.", CAT_PHOTO), desk.grant)
    assert outcome is not None and outcome.verdict is GateVerdict.WELCOMED
    assert desk.granted == [ROLE]
    [row] = await newcomers(session_factory)
    assert (row.guild_id, row.user_id, row.message_id, row.approved_at) == (GUILD, 7, 100, NOW)

    again = await service.handle_post(
        post("And here is Pudding!", CAT_PHOTO, message=101), desk.grant
    )
    assert again is not None and again.verdict is GateVerdict.ALREADY_WELCOMED
    chat = await service.handle_post(post("lol", message=102), desk.grant)
    assert chat is not None and chat.verdict is GateVerdict.ALREADY_WELCOMED
    assert desk.granted == [ROLE]
    assert len(await newcomers(session_factory)) == 1


async def test_posts_missing_something_change_nothing(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = RoleDesk()
    await service.configure(GUILD, GATE, ROLE)
    no_image = await service.handle_post(post("Hello, I'm new here"), desk.grant)
    assert no_image is not None and no_image.verdict is GateVerdict.NEEDS_IMAGE
    assert no_image.reader is Reader.EN  # written in English
    no_intro = await service.handle_post(post("", CAT_PHOTO), desk.grant)
    assert no_intro is not None and no_intro.verdict is GateVerdict.NEEDS_INTRO
    assert no_intro.reader is None  # nothing tells its language: say it in both
    assert desk.granted == []
    assert await newcomers(session_factory) == []


async def test_explanations_follow_the_members_language(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = RoleDesk()
    await service.configure(GUILD, GATE, ROLE)
    chinese = await service.handle_post(post("大家好，我是新来的", user=8), desk.grant)
    assert chinese is not None and chinese.reader is Reader.ZH_CN
    # An explicit setting wins over the text's language.
    await MemberService(session_factory).set_reader(GUILD, 9, Reader.ZH_TW)
    chosen = await service.handle_post(post("hello there", user=9), desk.grant)
    assert chosen is not None and chosen.reader is Reader.ZH_TW


async def test_the_servers_script_sets_the_chinese_side(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await service.configure(GUILD, GATE, ROLE)
    async with session_factory() as session, session.begin():
        guild = await session.get(Guild, GUILD)
        assert guild is not None
        guild.prefer_traditional = True
    gate = await service.configure(GUILD, GATE, ROLE)  # reconfiguring reloads the settings
    assert gate.chinese_reader is Reader.ZH_TW
    outcome = await service.handle_post(post("大家好，我是新來的"), RoleDesk().grant)
    assert outcome is not None and outcome.reader is Reader.ZH_TW


async def test_a_change_made_elsewhere_reaches_the_gate_within_the_cache_time(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession], clock: MovableClock
) -> None:
    await service.configure(GUILD, GATE, ROLE)
    async with session_factory() as session, session.begin():
        guild = await session.get(Guild, GUILD)
        assert guild is not None
        guild.prefer_traditional = True  # another process (or GuildScripts) wrote it
    gate = await service.gate_for(GUILD)
    assert gate is not None and gate.chinese_reader is Reader.ZH_CN  # still cached
    clock.advance(timedelta(seconds=GUILD_CACHE_SECONDS))
    gate = await service.gate_for(GUILD)
    assert gate is not None and gate.chinese_reader is Reader.ZH_TW


async def test_a_refused_role_keeps_the_post_and_the_next_post_retries(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    desk = RoleDesk()
    desk.refuse = True
    await service.configure(GUILD, GATE, ROLE)
    failed = await service.handle_post(post("Hello! Meet Mochi.", CAT_PHOTO), desk.grant)
    assert failed is not None and failed.verdict is GateVerdict.ROLE_FAILED
    [row] = await newcomers(session_factory)
    assert row.approved_at is None and row.message_id == 100  # recorded, not approved

    desk.refuse = False
    retried = await service.handle_post(
        post("Me again with Mochi", CAT_PHOTO, message=105), desk.grant
    )
    assert retried is not None and retried.verdict is GateVerdict.WELCOMED
    [row] = await newcomers(session_factory)
    assert (row.approved_at, row.message_id) == (NOW, 105)
    assert desk.granted == [ROLE]


async def test_turning_the_gate_off(
    service: CatTaxService, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    assert not await service.disable(GUILD)
    await service.configure(GUILD, GATE, ROLE)
    await service.handle_post(post("Hello! Meet Mochi.", CAT_PHOTO), RoleDesk().grant)
    assert await service.disable(GUILD)
    assert await service.gate_for(GUILD) is None
    assert (
        await service.handle_post(post("Hello! Meet Mochi.", CAT_PHOTO, user=8), RoleDesk().grant)
        is None
    )
    async with session_factory() as session:
        count = await session.scalar(select(func.count()).select_from(CatTaxNewcomer))
    assert count == 1  # welcomed newcomers stay recorded for the digest
