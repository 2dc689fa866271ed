"""Writing a letter to disk: atomically, and only inside the folder the user chose.

``--out`` names a folder (the file is then ``<case number>-letter.<format>``) or a file
(its folder is the chosen one).  The letter is written to a temporary file in that folder
and renamed over the target, so a reader never sees half a letter and an interrupted
export leaves the old file as it was.  A name that would leave the folder (``..``, a
path separator, a symbolic link pointing elsewhere) is refused, and so is a case number
that is not a plain token (``../x``): it is never rewritten into another name.  The file
is readable by its owner only: a letter holds medical information.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from engine import CASE_NUMBER_EXPECTED, Location, is_case_number
from letters.errors import LetterError


def default_name(case_number: str, fmt: str) -> str:
    """``CM15-0000001-letter.pdf``; a case number that is not a plain token (``../x``) is refused.

    The case model already refuses such a number when the case file is read; this is the
    second guard, for a caller that builds a case by hand.
    """
    if not is_case_number(case_number):
        raise LetterError("the case number cannot name the letter file", expected=CASE_NUMBER_EXPECTED,
                          found=repr(case_number))
    return f"{case_number}-letter.{fmt}"


def target(out: Path, case_number: str, fmt: str) -> tuple[Path, str]:
    """The chosen folder and the file name in it."""
    if out.is_dir() or str(out).endswith(("/", os.sep)):
        return out, default_name(case_number, fmt)
    return out.parent, out.name


def write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` through a temporary file and a rename; return the path."""
    where = Location(str(folder / name))
    if name in ("", ".", "..") or "/" in name or os.sep in name or (os.altsep and os.altsep in name):
        raise LetterError("the output name must be a plain file name", location=where, found=repr(name))
    if not folder.is_dir():
        raise LetterError("no such folder to write the letter into", location=Location(str(folder)))
    root = folder.resolve()
    path = folder / name
    if path.is_symlink() or path.resolve().parent != root:
        raise LetterError("refusing to write outside the chosen folder", location=where,
                          expected=f"a file in {root}", found=str(path.resolve()))
    if path.is_dir():
        raise LetterError("the output path is a folder", location=where, expected="a file name")
    fd, temp = tempfile.mkstemp(dir=root, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, root / name)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return root / name


def export(out: Path, case_number: str, fmt: str, data: bytes) -> Path:
    """Write the letter where ``--out`` says; return the file written."""
    folder, name = target(out, case_number, fmt)
    try:
        return write_atomic(folder, name, data)
    except OSError as exc:
        raise LetterError("cannot write the letter", location=Location(str(folder / name)),
                          found=exc.strerror or str(exc)) from None
