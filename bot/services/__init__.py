"""Services: the bot's rules, taking plain values and returning plain results (no Discord types)."""
