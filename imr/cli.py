"""Entry point of the ``imr`` command: the group, and where each sub-command lives.

Importing a command module registers it on ``imr.app.main``; the group imports a module
when one of its commands is called (``imr.lazy_group``), so a short command does not load
the review UI, the letter renderer or openpyxl.
"""

from imr.app import main

# Every module that registers commands on ``main``.
COMMAND_MODULES = ("backtest", "case", "decide", "decisions", "import_", "letter", "review", "tables", "team",
                   "validate")
# A command's module, so that calling it loads only that module (a command not listed here loads them all).
HINTS = {"backtest": "backtest", "case": "case", "decide": "decide", "decisions": "decisions", "import": "import_",
         "letter": "letter", "review": "review", "tables": "tables", "validate": "validate"}

__all__ = ["COMMAND_MODULES", "HINTS", "main"]
