"""Where a workbook comes from: a file, or ``REV:path`` in git.

``imr tables show`` and ``imr tables diff`` take either.  A git revision is read with
``git show REV:path`` into a temporary file that keeps the workbook's file name (the
diff matches workbooks of a folder by name), and is removed when the block ends.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from engine.errors import Location, WorkbookError

__all__ = ["is_git_spec", "workbook_file"]


def is_git_spec(spec: str) -> bool:
    """``HEAD~1:tables/x.xlsx`` (or ``:tables/x.xlsx``, the index) rather than a file; a file
    that exists always wins."""
    _, sep, path = spec.partition(":")
    return bool(sep and path) and not Path(spec).exists()


@contextmanager
def workbook_file(spec: str) -> Iterator[tuple[Path, str]]:
    """A readable local path for ``spec`` and the name to show for it."""
    if not is_git_spec(spec):
        yield Path(spec), spec
        return
    name = PurePosixPath(spec.rsplit(":", 1)[-1]).name or "workbook.xlsx"
    with tempfile.TemporaryDirectory(prefix="imr-tables-") as folder:
        target = Path(folder) / name
        target.write_bytes(_git_show(spec))
        yield target, spec


def _git_show(spec: str) -> bytes:
    try:
        done = subprocess.run(["git", "show", spec], capture_output=True, check=False)
    except FileNotFoundError:
        raise WorkbookError(
            "cannot read a workbook from git", location=Location(spec),
            expected="git on the PATH", found="no git command",
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise WorkbookError(
            "cannot read the workbook from git", location=Location(spec),
            expected="REV:path naming a file in a revision",
            found=(message[0] if message else f"git show exited {done.returncode}"),
        )
    return done.stdout
