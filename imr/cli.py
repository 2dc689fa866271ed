"""Entry point of the ``imr`` command: the group plus every sub-command module."""

import imr.commands.letter  # noqa: F401  (registers the command)
from imr.app import main
from imr.commands import decide  # noqa: F401  (registers the command)
from imr.commands import decisions as _decisions  # noqa: F401  (registers the command)
from imr.commands import review as _review  # noqa: F401  (registers the command)
from imr.commands import tables as _tables  # noqa: F401  (registers the command group)
from imr.commands import validate as _validate  # noqa: F401  (registers the command)

__all__ = ["main"]
