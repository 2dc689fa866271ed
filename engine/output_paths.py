"""``--out`` paths: the folder a command (or the review UI's export) writes into is created when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

from engine.errors import ImrError, Location


def is_folder_path(out: Path) -> bool:
    """A folder when it is one, ends with a separator, or has no file suffix (``letters-out``)."""
    text = str(out)
    return out.is_dir() or text.endswith(("/", os.sep)) or (not out.exists() and not out.suffix)


def prepare_out(out: Path, error: type[ImrError], *, folder: bool | None = None) -> Path:
    """Create the folder ``out`` names (``folder``: it is a folder; None: as ``is_folder_path`` says) or its parent.

    Returns ``out``; a folder that cannot be made is one line naming it, with the reason.
    """
    as_folder = is_folder_path(out) if folder is None else folder
    target = out if as_folder else (out.parent if str(out.parent) else Path("."))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise error("cannot create the output folder", location=Location(str(target)),
                    expected="a folder or a new path", found="a file of that name") from None
    except OSError as exc:
        raise error("cannot create the output folder", location=Location(str(target)),
                    found=exc.strerror or str(exc)) from None
    return out
