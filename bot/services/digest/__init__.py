"""The weekly highlight digest (SPEC §5)."""
