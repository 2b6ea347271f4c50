"""Corrections through SimCord: the Correct menu, the card on both sides, Thanks, opt-outs."""

from __future__ import annotations

import discord
import pytest
import simcord

from bot.translation.languages import count_scripts
from tests.discord.support import World, bridged, last_reply, only_thread, relayed

CORRECTED = "I have two jobs and I go to work every day."


def has_cjk(text: str) -> bool:
    return count_scripts(text)[0] > 0


def _card(channel: simcord.ChannelHandle) -> discord.Message:
    cards = [m for m in channel.history() if m.author.bot and "✏️" in m.content]
    assert cards, "no correction card"
    card: discord.Message = cards[-1]
    return card


def _no_pings(world: World) -> None:
    """Every message Yiqi posted (its own and through webhooks) allowed no mentions."""
    for entry in world.env.http_requests:
        payload = entry.json or {}
        if isinstance(payload, dict) and "content" in payload and "messages" in entry.path:
            allowed = payload.get("allowed_mentions")
            assert allowed is not None and allowed.get("parse") == [], (entry.path, allowed)


async def _question_with_reply(
    w: World, text: str = "I has two job and I goes to work every days."
) -> tuple[simcord.ChannelHandle, simcord.ChannelHandle, discord.Message]:
    await w.wei.send(w.zh_channel, "美国人真的都打两份工吗？")
    zh_thread = only_thread(w.zh_channel)
    en_thread = only_thread(w.en_channel)
    reply = await w.alice.send(en_thread, text)
    return en_thread, zh_thread, reply


async def _correct(
    actor: simcord.MemberActor,
    channel: simcord.ChannelHandle,
    message: discord.Message,
    corrected: str,
    note: str = "",
) -> str:
    shown = await actor.context_menu(channel, "Correct", message)
    if shown.modal is None:
        return last_reply(shown)
    done = await actor.submit_modal(shown, {"corrected": corrected, "note": note})
    return last_reply(done)


async def test_correcting_a_mirror_posts_the_card_on_both_sides_without_pings(
    world: World,
) -> None:
    w = await bridged(world)
    en_thread, zh_thread, _reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    [mirror] = relayed(zh_thread)[-1:]

    answer = await _correct(w.wei, zh_thread, mirror, CORRECTED, "动词要和主语一致。")
    assert "posted" in answer.lower()

    zh_card = _card(zh_thread)
    assert "~~has~~" in zh_card.content and "**have**" in zh_card.content
    assert "小伟" in zh_card.content and "纠正" in zh_card.content
    en_card = relayed(en_thread)[-1]
    assert "~~has~~" in en_card.content and "**have**" in en_card.content
    assert "Correction from" in en_card.content
    assert "动词要和主语一致" in en_card.content  # the note as written (translated above it)
    _no_pings(w)


async def test_correcting_an_original_reaches_the_other_thread(world: World) -> None:
    w = await bridged(world)
    en_thread, zh_thread, reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    bob = w.guild.add_member(w.env.create_user("bob", global_name="Bob"))

    assert "posted" in (await _correct(bob, en_thread, reply, CORRECTED)).lower()
    assert "**have**" in _card(en_thread).content
    assert "**have**" in relayed(zh_thread)[-1].content
    _no_pings(w)


async def test_opted_out_learner_is_refused_politely(world: World) -> None:
    w = await bridged(world)
    en_thread, zh_thread, reply = await _question_with_reply(w)
    answer = await _correct(w.wei, zh_thread, relayed(zh_thread)[-1], CORRECTED)
    assert "hasn't asked for corrections" in answer  # default: off outside practice channels
    await w.alice.slash(w.en_channel, "learning corrections", setting="off")
    assert "hasn't asked" in await _correct(w.wei, en_thread, reply, CORRECTED)
    assert "your own message" in await _correct(w.alice, en_thread, reply, CORRECTED)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    assert "same as the message" in await _correct(w.wei, en_thread, reply, reply.content)


async def test_practice_channel_turns_corrections_on_by_default(world: World) -> None:
    w = world
    practice = w.guild.create_text_channel("practice")
    message = await w.alice.send(practice, "I has a apple")
    assert "hasn't asked" in await _correct(w.wei, practice, message, "I have an apple")
    result = await w.admin.slash(practice, "learning practice add", channel=practice)
    assert "practice channel" in last_reply(result)
    assert "posted" in (await _correct(w.wei, practice, message, "I have an apple")).lower()
    card = _card(practice)
    assert "~~has a~~" in card.content and "**have an**" in card.content


async def test_thanks_only_by_the_learner(world: World) -> None:
    w = world
    practice = w.guild.create_text_channel("practice")
    await w.admin.slash(practice, "learning practice add", channel=practice)
    message = await w.alice.send(practice, "I has a apple")
    await _correct(w.wei, practice, message, "I have an apple")
    card = _card(practice)

    other = await w.wei.click(card, label="Thanks")
    assert "Only the member who was corrected" in last_reply(other)
    mine = await w.alice.click(card, label="Thanks")
    assert "helpful" in last_reply(mine).lower()
    assert "Marked helpful by the learner" in _card(practice).content
    again = await w.alice.click(_card(practice), label="Thanks")
    assert "already" in last_reply(again)


async def test_hostile_text_renders_safely(world: World) -> None:
    w = world
    practice = w.guild.create_text_channel("practice")
    await w.admin.slash(practice, "learning practice add", channel=practice)
    hostile = "@everyone ||secret|| # big **bold** <@1> 我很 like 它"
    message = await w.alice.send(practice, hostile)
    fixed = "@everyone ||secret|| # big **bold** <@1> 我很喜欢它"
    assert "posted" in (await _correct(w.wei, practice, message, fixed, "@here ||x||")).lower()
    card = _card(practice).content
    assert "@everyone" not in card and "@here" not in card  # broken by a zero-width space
    assert "||" not in card and "\\|\\|secret\\|\\|" in card
    assert "~~like~~" in card and "**喜欢**" in card
    _no_pings(w)


async def test_forget_removes_corrections_cards_and_their_mirrors(world: World) -> None:
    w = await bridged(world)
    en_thread, zh_thread, _reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    await _correct(w.wei, zh_thread, relayed(zh_thread)[-1], CORRECTED)
    exported = await w.bot.services.privacy.export(w.guild.id, w.wei.id)
    assert exported["corrections_given"][0]["corrected"] == CORRECTED

    await w.bot.get_cog("PrivacyCog").forget(w.guild.id, w.alice.id)  # type: ignore[union-attr]
    assert not [m for m in zh_thread.history() if "✏️" in m.content]
    assert not [m for m in en_thread.history() if "✏️" in m.content]
    exported = await w.bot.services.privacy.export(w.guild.id, w.wei.id)
    assert exported["corrections_given"] == []


@pytest.mark.realmodel
async def test_the_note_is_translated_for_the_side_reading_it(world: World) -> None:
    w = await bridged(world)
    en_thread, zh_thread, _reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    await _correct(w.wei, zh_thread, relayed(zh_thread)[-1], CORRECTED, "动词要和主语一致。")

    zh_card = _card(zh_thread).content
    assert "💬 动词要和主语一致。" in zh_card and "说明原文" not in zh_card
    en_card = relayed(en_thread)[-1].content
    note_line = next(line for line in en_card.splitlines() if line.startswith("💬"))
    assert "verb" in note_line.lower() and not has_cjk(note_line)
    assert "-# Note as written: 动词要和主语一致。" in en_card
