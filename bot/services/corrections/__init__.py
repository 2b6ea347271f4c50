"""Corrections (SPEC §8): a member corrects another member's message; Yiqi replies with a card."""
