"""Message extraction: Yiqi's Babel method (``method``) and the catalog refresh (``refresh``).

``python -m bot.i18n.extract [--check]`` runs the refresh.
"""
