"""The UI strings of ``/penpal`` (SPEC §4): commands, proposals, the conversation, safety."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class PenpalCommands:
    """Command, option and choice names and descriptions."""

    NAME: Final = N_("penpal", msgctxt="command-name")
    DESCRIPTION: Final = N_("Pen pals from the other language side")
    JOIN_NAME: Final = N_("join", msgctxt="command-name")
    JOIN_DESCRIPTION: Final = N_("Join the pen-pal pool (or update your profile)")
    STATUS_NAME: Final = N_("status", msgctxt="command-name")
    STATUS_DESCRIPTION: Final = N_("Your pen pal, your place in the waitlist and whom you block")
    PAUSE_NAME: Final = N_("pause", msgctxt="command-name")
    PAUSE_DESCRIPTION: Final = N_("Stop being matched for now")
    RESUME_NAME: Final = N_("resume", msgctxt="command-name")
    RESUME_DESCRIPTION: Final = N_("Be matched again")
    LEAVE_NAME: Final = N_("leave", msgctxt="command-name")
    LEAVE_DESCRIPTION: Final = N_("Leave the pen pals (ends any conversation)")
    END_NAME: Final = N_("end", msgctxt="command-name")
    END_DESCRIPTION: Final = N_("End the conversation with your pen pal")
    BLOCK_NAME: Final = N_("block", msgctxt="command-name")
    BLOCK_DESCRIPTION: Final = N_("Never be matched with this member again")
    UNBLOCK_NAME: Final = N_("unblock", msgctxt="command-name")
    UNBLOCK_DESCRIPTION: Final = N_("Undo a block")
    REPORT_NAME: Final = N_("report", msgctxt="command-name")
    REPORT_DESCRIPTION: Final = N_("Report your pen pal to the moderators")
    MATCH_NAME: Final = N_("match", msgctxt="command-name")
    MATCH_DESCRIPTION: Final = N_("Match waiting members now (Manage Server)")
    CONFIGURE_NAME: Final = N_("configure", msgctxt="command-name")
    CONFIGURE_DESCRIPTION: Final = N_("Set the pen-pal channels and the moderators' channel")

    SIDE_NAME: Final = N_("side", msgctxt="command-name")
    SIDE_DESCRIPTION: Final = N_("The language you write in (default: your Discord language)")
    LEVEL_NAME: Final = N_("level", msgctxt="command-name")
    LEVEL_DESCRIPTION: Final = N_("Your level in the other language")
    INTERESTS_NAME: Final = N_("interests", msgctxt="command-name")
    INTERESTS_DESCRIPTION: Final = N_("Your interests, separated by commas (your own tags too)")
    TIMEZONE_NAME: Final = N_("timezone", msgctxt="command-name")
    TIMEZONE_DESCRIPTION: Final = N_("Your time zone, e.g. Asia/Shanghai or America/Chicago")
    INTRO_NAME: Final = N_("intro", msgctxt="command-name")
    INTRO_DESCRIPTION: Final = N_("A few words about you for your pen pal")
    ADULT_NAME: Final = N_("adult", msgctxt="command-name")
    ADULT_DESCRIPTION: Final = N_("I confirm I am 18 or older")
    CONSENT_NAME: Final = N_("consent", msgctxt="command-name")
    CONSENT_DESCRIPTION: Final = N_("I agree to be contacted by a pen pal from the other side")
    MEMBER_NAME: Final = N_("member", msgctxt="command-name")
    MEMBER_DESCRIPTION: Final = N_("The member (default: your current pen pal)")
    REASON_NAME: Final = N_("reason", msgctxt="command-name")
    REASON_DESCRIPTION: Final = N_("What happened")
    MODERATORS_NAME: Final = N_("moderators_channel", msgctxt="command-name")
    MODERATORS_DESCRIPTION: Final = N_("Where pen-pal reports go")

    SIDE_ENGLISH: Final = N_("English")
    SIDE_CHINESE: Final = N_("中文")
    BEGINNER: Final = N_("Beginner")
    INTERMEDIATE: Final = N_("Intermediate")
    ADVANCED: Final = N_("Advanced")
    FLUENT: Final = N_("Fluent")


class PenpalInterests:
    """The suggested interests (stored by their English key; members may add their own)."""

    PETS: Final = N_("pets")
    FOOD: Final = N_("food")
    MUSIC: Final = N_("music")
    TRAVEL: Final = N_("travel")
    GAMES: Final = N_("games")
    MOVIES: Final = N_("movies")
    SPORTS: Final = N_("sports")
    BOOKS: Final = N_("books")
    TECH: Final = N_("tech")
    ART: Final = N_("art")
    LANGUAGES: Final = N_("languages")
    DAILY_LIFE: Final = N_("daily life")


class Penpal:
    """Replies, proposals, the conversation and safety."""

    JOINED: Final = N_(
        "You're in the pen-pal pool. /penpal status shows your place in the waitlist."
    )
    UPDATED: Final = N_("Your pen-pal profile is updated.")
    NEEDS_CONSENT: Final = N_(
        "To join, confirm that you are 18 or older (adult) and that you agree to be contacted "
        "by a pen pal (consent)."
    )
    # Translators: {timezone} is what the member typed.
    UNKNOWN_TIMEZONE: Final = N_("“{timezone}” is not a time zone I know: pick one from the list.")
    SIDE_LOCKED: Final = N_(
        "You can't change your side while you have a pen pal or a proposal: /penpal end first."
    )
    NOT_JOINED: Final = N_("You haven't joined the pen pals yet: use /penpal join.")
    # Translators: {partner} is a member mention, {thread} a channel mention.
    STATUS_PAIRED: Final = N_("Your pen pal: {partner}. Your conversation: {thread}")
    STATUS_PROPOSED: Final = N_(
        "You have a pen-pal proposal ({partner}): accept or decline it in your direct messages."
    )
    STATUS_WAITING: Final = N_("You're number {position} of {total} in the waitlist.")
    STATUS_PAUSED: Final = N_("Matching is paused for you: /penpal resume when you're ready.")
    STATUS_LEFT: Final = N_("You left the pen pals: /penpal join to come back.")
    # Translators: {members} is a list of member mentions.
    STATUS_BLOCKED: Final = N_("You block: {members} (/penpal unblock to undo).")
    PAUSED: Final = N_("Paused: you won't be matched until /penpal resume.")
    RESUMED: Final = N_("Welcome back: you're in the waitlist again.")
    NOT_PAUSED: Final = N_("You're not paused.")
    LEFT: Final = N_("You left the pen pals. Your consent to be contacted is withdrawn.")
    # Translators: {count} is a number of proposals.
    MATCHED: Final = N_("Proposals sent: {count}.")
    CONFIGURE_FIRST: Final = N_("Set the pen-pal channels first with /penpal configure.")
    # Translators: {english}, {chinese}, {moderators} are channel mentions.
    CONFIGURED: Final = N_(
        "Pen pals: English side in {english}, Chinese side in {chinese}; reports go to "
        "{moderators}."
    )

    PROPOSAL_TITLE: Final = N_("Yiqi found you a pen pal: {partner}!")
    PROPOSAL_LEVEL: Final = N_("Level in your language: {level}")
    PROPOSAL_INTERESTS: Final = N_("Interests: {interests}")
    # Translators: {time} is like 20:00, {timezone} like Asia/Shanghai.
    PROPOSAL_LOCAL_TIME: Final = N_("Their local time: {time} ({timezone})")
    PROPOSAL_INTRO: Final = N_("Their intro:")
    PROPOSAL_HOW: Final = N_("Contact opens only when you both accept. Answer by {deadline} (UTC).")
    ACCEPT: Final = N_("Accept")
    DECLINE: Final = N_("Decline")
    WAITING_FOR_PARTNER: Final = N_("Accepted! Waiting for your pen pal's answer.")
    # Translators: {partner} is a member mention, {thread} a channel mention.
    PAIRED: Final = N_("You're pen pals with {partner} now! Your private conversation: {thread}")
    DECLINED: Final = N_("Declined. You stay in the waitlist.")
    CLOSED: Final = N_("This proposal is no longer open.")
    NOT_YOURS: Final = N_("This proposal is for someone else.")
    BACK_TO_FRONT: Final = N_(
        "Your proposed pen pal couldn't make it this time. You're back at the front of the "
        "waitlist."
    )
    NOT_OPENED: Final = N_(
        "Yiqi couldn't open your private conversation this time. You're back at the front of "
        "the waitlist."
    )

    # Translators: the name of a member's private thread; {partner} is a display name.
    THREAD_NAME: Final = N_("Pen pal: {partner}")
    ICEBREAKER: Final = N_(
        "👋 Say hello! Everything you write here reaches your pen pal translated, with your "
        "original shown.\n🐱 Cat tax: show your pet (or your favourite animal).\n🐼 To start: "
        "does everyone in China really own a panda? Do Americans really need two jobs?"
    )
    CONVERSATION_ENDED: Final = N_("This pen-pal conversation has ended. Nothing more is relayed.")

    NO_PARTNER: Final = N_("You have no pen pal right now.")
    ENDED: Final = N_("Your pen-pal conversation has ended. You're back in the waitlist.")
    BLOCKED: Final = N_(
        "{member} is blocked: you'll never be matched again, and any conversation between you "
        "has ended. /penpal unblock undoes it."
    )
    ALREADY_BLOCKED: Final = N_("{member} is already blocked.")
    BLOCK_SELF: Final = N_("You can't block yourself.")
    UNBLOCKED: Final = N_("{member} is no longer blocked.")
    NOT_BLOCKED: Final = N_("{member} isn't blocked.")
    NO_ONE_TO_REPORT: Final = N_("You have no pen pal to report.")
    REPORT_SENT: Final = N_("Thank you. The moderators received your report.")
    REPORT_NO_CHANNEL: Final = N_(
        "Your report is saved, but this server has no moderators' channel; tell a moderator."
    )
    # Translators: for moderators; {reporter}/{reported} are mentions, {number} the report's id.
    REPORT_HEADING: Final = N_(
        "🚩 Pen-pal report #{number}: {reporter} reported {reported}.\nReason: {reason}"
    )
    REPORT_TRANSCRIPT: Final = N_("Transcript (original and translation):")
    REPORT_EMPTY: Final = N_("No messages were exchanged.")
