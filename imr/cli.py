"""Entry point of the ``imr`` command: the group plus every sub-command module.

Importing a command module registers it on ``imr.app.main``.
"""

from imr.app import main
from imr.commands import backtest, case, decide, decisions, import_, letter, review, tables, team, validate

__all__ = ["backtest", "case", "decide", "decisions", "import_", "letter", "main", "review", "tables", "team",
           "validate"]
