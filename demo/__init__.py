"""``yiqi demo``: the real bot on a simulated Discord (SimCord), playing a scripted exchange.

``world`` builds the server, ``script`` plays the conversation through real member actions,
``render`` prints what each side of the bridge sees; ``virtual_time`` and ``simcord_threads``
serve the SimCord tests and benchmarks too.

Not part of the runtime: this package and SimCord are the ``demo`` extra (``make setup``
installs it), the deployed image has neither, and only ``yiqi demo`` imports it, lazily. In the
import contracts it is the layer between the CLI and the bot.
"""
