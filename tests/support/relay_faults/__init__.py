"""A harness that drives the real bot on SimCord through injected faults and counts, on the
simulated Discord, how often each origin message was mirrored (tests/discord/faults and
``bench.relay_faults`` share it)."""
