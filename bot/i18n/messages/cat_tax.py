"""UI strings of the cat-tax gate: ``/cattax setup|off`` and the gate channel's replies."""

from __future__ import annotations

from typing import Final

from bot.i18n.context import N_


class CatTax:
    """``/cattax`` (Manage Server) and what Yiqi says in the gate channel."""

    NAME: Final = N_("cattax", msgctxt="command-name")
    DESCRIPTION: Final = N_("The cat-tax gate: a pet photo and an intro earn the exchange role")
    SETUP_NAME: Final = N_("setup", msgctxt="command-name")
    SETUP_DESCRIPTION: Final = N_("Turn on the cat-tax gate in a channel")
    OFF_NAME: Final = N_("off", msgctxt="command-name")
    OFF_DESCRIPTION: Final = N_("Turn off the cat-tax gate")
    CHANNEL_NAME: Final = N_("channel", msgctxt="command-name")
    CHANNEL_DESCRIPTION: Final = N_("Where newcomers post their pet photo and intro")
    ROLE_NAME: Final = N_("role", msgctxt="command-name")
    ROLE_DESCRIPTION: Final = N_("The role newcomers get once they have paid the cat tax")

    # Translators: {channel} is a channel mention, {role} a role mention.
    ENABLED: Final = N_(
        "Cat-tax gate on: a post in {channel} with a pet photo and a short intro gets the "
        "{role} role and a welcome in both languages."
    )
    # Translators: {role} is a role mention.
    CANNOT_ASSIGN_YET: Final = N_(
        "Note: Yiqi cannot give {role} yet. It needs the Manage Roles permission and a role "
        "higher than {role} in the server's role list."
    )
    UNUSABLE_ROLE: Final = N_(
        "That role cannot be given to members (it is @everyone or managed by an integration)."
    )
    DISABLED: Final = N_("Cat-tax gate off. Newcomers already welcomed keep their role.")
    WAS_OFF: Final = N_("The cat-tax gate was not on.")

    # Translators: {member} is a member mention, {role} a role mention. Yiqi posts this in
    # English and in Chinese, one under the other.
    WELCOME: Final = N_(
        "Welcome, {member}! Thanks for paying the cat tax 🐱 You now have the {role} role: "
        "ask the other side anything, and answer their questions too."
    )
    NEEDS_IMAGE: Final = N_(
        "Hi {member}! To join, pay the cat tax: post a photo of your pet (any animal is fine, "
        "a picture you like works too) together with a few words about yourself, in one "
        "message."
    )
    NEEDS_INTRO: Final = N_(
        "Cute! {member}, please post the photo again with a few words about yourself in the "
        "same message, so everyone can say hello."
    )
    # Translators: {member} is a member mention, {role} a role mention.
    ROLE_FAILED: Final = N_(
        "Thanks, {member}! Your cat tax is recorded, but Yiqi could not give you the {role} "
        "role: it needs the Manage Roles permission and a role higher than {role}. A moderator "
        "can fix this; then post here again."
    )
    # The audit-log reason shown to moderators for the role Yiqi gave.
    AUDIT_REASON: Final = N_("Yiqi cat-tax gate: posted a pet photo and an intro")
