"""/glossary add|remove|list through SimCord, and the server's terms in relayed messages."""

from __future__ import annotations

import simcord
from discord import app_commands

from tests.discord.support import World, last_reply


def every_reply(result: simcord.InteractionResult) -> str:
    """All the text of an answer (a long list arrives in several messages)."""
    parts = [result.response.content] if result.response is not None else []
    return "\n".join([*map(str, parts), *(str(f.content) for f in result.followups)])


async def test_admin_adds_lists_and_removes_terms(world: World) -> None:
    w = world
    added = await w.admin.slash(w.en_channel, "glossary add", english="hot pot", chinese="火锅")
    assert added.ephemeral
    assert last_reply(added) == "Added to the glossary: hot pot ↔ 火锅."

    listed = await w.alice.slash(w.en_channel, "glossary list")  # anyone may read it
    assert listed.ephemeral
    text = every_reply(listed)
    assert "• hot pot ↔ 火锅\n" in text
    assert "• cat tax ↔ 猫税 *(built-in)*" in text

    removed = await w.admin.slash(w.en_channel, "glossary remove", term="火锅")
    assert last_reply(removed) == "Removed from the glossary: hot pot ↔ 火锅."
    builtin = await w.admin.slash(w.en_channel, "glossary remove", term="Cat Tax")
    assert last_reply(builtin) == "Removed from the glossary: cat tax ↔ 猫税."
    text = every_reply(await w.alice.slash(w.en_channel, "glossary list"))
    assert "hot pot" not in text and "cat tax" not in text and "RedNote" in text

    restored = await w.admin.slash(w.en_channel, "glossary add", english="cat tax", chinese="猫税")
    assert last_reply(restored) == "Built-in term restored: cat tax ↔ 猫税."


async def test_invalid_and_clashing_terms_are_explained(world: World) -> None:
    w = world
    clash = await w.admin.slash(w.en_channel, "glossary add", english="Cat Tax", chinese="猫咪税")
    assert last_reply(clash) == (
        "Cat Tax is already in the glossary as cat tax ↔ 猫税. Remove that entry first to "
        "change it."
    )
    same = await w.admin.slash(w.en_channel, "glossary add", english="kitty tax", chinese="猫税")
    assert "猫税 is already in the glossary as cat tax ↔ 猫税" in last_reply(same)
    swapped = await w.admin.slash(w.en_channel, "glossary add", english="火锅", chinese="hot pot")
    assert "Latin letters" in last_reply(swapped)
    long = await w.admin.slash(w.en_channel, "glossary add", english="x" * 61, chinese="火锅")
    assert "at most 60 characters" in last_reply(long)
    missing = await w.admin.slash(w.en_channel, "glossary remove", term="dumpling")
    assert last_reply(missing) == "dumpling is not in the glossary."


async def test_only_manage_server_changes_the_glossary(world: World) -> None:
    w = world
    result = await w.alice.slash(w.en_channel, "glossary add", english="hot pot", chinese="火锅")
    assert result.ephemeral
    assert last_reply(result) == "Only members with Manage Server can do this."
    refused = await w.alice.slash(w.en_channel, "glossary remove", term="cat tax")
    assert last_reply(refused) == "Only members with Manage Server can do this."
    # The central handler answered both; SimCord saw the check failures it handled.
    assert [type(e) for e in w.env.errors] == [app_commands.MissingPermissions] * 2
    terms = await w.bot.services.glossary.terms_for(w.guild.id)
    assert all(t.en != "hot pot" for t in terms) and any(t.en == "cat tax" for t in terms)


async def test_chinese_members_read_it_in_their_script(
    world: World, discord_locales: dict[int, str]
) -> None:
    w = world
    discord_locales[w.wei.id] = "zh-TW"
    text = every_reply(await w.wei.slash(w.zh_channel, "glossary list"))
    assert "**術語表**" in text
    assert "• cat tax ↔ 貓稅 *(內建)*" in text


async def test_a_relayed_chinese_reply_keeps_the_servers_terms(world: World) -> None:
    w = world
    await w.admin.slash(
        w.en_channel, "setup bridge", english_channel=w.en_channel, chinese_channel=w.zh_channel
    )
    await w.admin.slash(
        w.en_channel, "glossary add", english="neijuan (involution)", chinese="内卷"
    )
    await w.alice.send(w.en_channel, "What do young people in China worry about?")
    [mirror] = w.zh_channel.threads
    await w.wei.send(mirror, "大家都在说内卷，还有很多人在小红书上交猫税。")

    [origin] = w.en_channel.threads
    [reply] = [m for m in origin.history() if m.webhook_id is not None]
    assert "neijuan (involution)" in reply.content
    assert "RedNote" in reply.content and "cat tax" in reply.content

    # The Translate menu uses the same glossary.
    message = await w.wei.send(w.zh_channel, "内卷太严重了。")
    shown = await w.alice.context_menu(w.zh_channel, "Translate", message)
    assert "neijuan (involution)" in last_reply(shown)


async def test_a_long_glossary_is_listed_in_several_messages(world: World) -> None:
    w = world
    for n in range(80):
        await w.bot.services.glossary.add(
            w.guild.id, f"term number {n:02d} " + "x" * 30, f"术语{n:02d}" + "长" * 20, by=None
        )
    result = await w.alice.slash(w.en_channel, "glossary list")
    messages = [result.response, *result.followups]
    assert len(messages) >= 3
    assert all(m is not None and len(m.content) <= 2000 for m in messages)
    text = every_reply(result)
    assert all(f"term number {n:02d}" in text for n in range(80))
