"""Yiqi (一起): the bot's services, translation engine and composition root."""
