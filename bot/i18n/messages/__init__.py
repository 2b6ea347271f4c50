"""UI strings, one module per feature, marked for extraction and translated where used.

Names are the English msgids of Discord command, group and option names (msgctxt
``command-name``); the cogs wrap them in ``locale_str(..., msgctxt=COMMAND_NAME)`` and
everything else in ``locale_str(...)`` (descriptions, choices) or ``_(...)`` (replies).
"""
