"""``python -m bot.i18n.extract [--check]``."""

import sys

from bot.i18n.extract.refresh import main

sys.exit(main())
