"""``yiqi demo``: the real bot on a simulated Discord (SimCord), playing a scripted exchange.

``world`` builds the server, ``script`` plays the conversation through real member actions,
``render`` prints what each side of the bridge sees.
"""
