"""Entry point of the ``imr`` command: the group plus every sub-command module."""

import imr.commands.letter  # noqa: F401  (registers the command)
from imr.app import main
from imr.commands import decide  # noqa: F401  (registers the command)

__all__ = ["main"]
