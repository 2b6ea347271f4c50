"""What an operator sees of a running bot: metrics, health and readiness, structured logs.

The lowest layer of ``bot``: every other layer may record into ``metrics``; nothing here
imports the rest of Yiqi (the server is handed its checks as callables).
"""
