"""Corrections in pen-pal conversations, reactions, deletes, restarts and long texts."""

from __future__ import annotations

from collections.abc import Callable

from bot.app import YiqiBot
from bot.services.discord_text import MESSAGE_LIMIT, discord_length
from bot.settings import Settings
from bot.translation.engine import TranslationEngine
from demo.virtual_time import SkippingTime
from tests.discord.penpal_steps import accept_both, configured, join_both, match
from tests.discord.support import World, bridged, last_reply, only_thread, relayed
from tests.discord.test_corrections import (
    CORRECTED,
    _card,
    _correct,
    _no_pings,
    _question_with_reply,
)
from tests.support.clock import MovableClock


async def test_pen_pals_get_corrections_by_default_and_the_card_reaches_the_partner(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    await accept_both(p)
    en_thread, zh_thread = only_thread(p.en_channel), only_thread(p.zh_channel)
    await w.alice.send(en_thread, "I has two cat.")
    [mirror] = relayed(zh_thread)[-1:]

    answer = await _correct(w.wei, zh_thread, mirror, "I have two cats.", "复数要加 s。")
    assert "发布" in answer  # Wei's Discord language is Simplified Chinese
    assert "**have**" in _card(zh_thread).content
    en_card = relayed(en_thread)[-1]
    assert "Correction from" in en_card.content and "~~cat~~**cats**" in en_card.content
    _no_pings(w)

    # Alice reacts on the card's mirror (she cannot see Wei's thread): it helped.
    await w.alice.react(en_card, "🙏")
    assert "Marked helpful by the learner" in relayed(en_thread)[-1].content
    assert "学习者觉得" in _card(zh_thread).content


async def test_pen_pal_who_said_off_is_not_corrected(
    world: World, discord_locales: dict[int, str]
) -> None:
    p = await configured(world)
    w = p.w
    await join_both(p, discord_locales)
    await match(p)
    await accept_both(p)
    await w.alice.slash(w.en_channel, "learning corrections", setting="off")
    en_thread, zh_thread = only_thread(p.en_channel), only_thread(p.zh_channel)
    await w.alice.send(en_thread, "I has two cat.")
    answer = await _correct(w.wei, zh_thread, relayed(zh_thread)[-1], "I have two cats.")
    assert "没有在这里开启纠正" in answer


async def test_deleting_the_card_or_the_corrected_message_takes_the_mirror_along(
    world: World,
) -> None:
    w = await bridged(world)
    en_thread, zh_thread, reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    await _correct(w.wei, zh_thread, relayed(zh_thread)[-1], CORRECTED)
    assert "**have**" in relayed(en_thread)[-1].content

    await w.alice.delete(reply)  # the learner takes her words back: the card goes too
    assert not [m for m in zh_thread.history() if "✏️" in m.content]
    assert not [m for m in en_thread.history() if "✏️" in m.content]


async def test_the_thanks_button_works_after_a_restart(
    world: World,
    make_settings: Callable[[], Settings],
    simcord_bot: YiqiBot,
    bot_clock: MovableClock,
) -> None:
    w = world
    practice = w.guild.create_text_channel("practice")
    await w.admin.slash(practice, "learning practice add", channel=practice)
    message = await w.alice.send(practice, "I has a apple")
    await _correct(w.wei, practice, message, "I have an apple")

    engine = simcord_bot.services.translation
    assert isinstance(engine, TranslationEngine)
    restarted = YiqiBot(
        make_settings(), translation=engine, time_source=SkippingTime(), clock=bot_clock
    )
    await w.env.restart_bot(restarted)
    try:
        pressed = await w.alice.click(_card(practice), label="Thanks")
        assert "helpful" in last_reply(pressed).lower()
        assert "Marked helpful by the learner" in _card(practice).content
    finally:
        await restarted.close()


async def test_a_long_correction_fits_one_card(world: World) -> None:
    w = world
    practice = w.guild.create_text_channel("practice")
    await w.admin.slash(practice, "learning practice add", channel=practice)
    text = " ".join(["I has a apple and a orange."] * 70)[:1990]
    message = await w.alice.send(practice, text)
    fixed = text.replace("I has", "I have", 1).replace("a orange", "an orange")
    await _correct(w.wei, practice, message, fixed, "a → an before a vowel sound")
    card = _card(practice).content
    assert discord_length(card) <= MESSAGE_LIMIT
    assert "~~has~~**have**" in card and "…" in card


async def test_a_reply_to_the_card_quotes_the_corrected_words(world: World) -> None:
    w = await bridged(world)
    en_thread, zh_thread, _reply = await _question_with_reply(w)
    await w.alice.slash(w.en_channel, "learning corrections", setting="on")
    await _correct(w.wei, zh_thread, relayed(zh_thread)[-1], CORRECTED)
    card = relayed(en_thread)[-1]  # Alice answers the card's mirror on her side

    await w.alice.send(en_thread, "Thank you so much!", reply_to=card)
    answer = relayed(zh_thread)[-1].content
    assert answer.startswith(f"> ✏️ {CORRECTED}")
    assert "~~" not in answer.splitlines()[0]
