"""The reviewer profile remembered per reviewer, so that every letter carries the credentials.

``imr letter --reviewer FILE`` (and ``imr review --reviewer FILE``) records the profile's
absolute path under the reviewer's name in a small JSON file, ``reviewer-profiles.json`` in
the user config dir (``$IMR_PROFILES`` names another file)::

    {"dr-a": "/home/dr-a/imr/reviewers/dr-a.yaml"}

A later letter by the same reviewer without ``--reviewer`` uses it.  A letter with no
profile at all still renders (the credentials read "not recorded") and the command warns
in one line.  The file is written atomically and readable by its owner only.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from letters.reviewer import ReviewerProfile, load_reviewer

ENV_VAR = "IMR_PROFILES"
FILE_NAME = "reviewer-profiles.json"


def profiles_path() -> Path:
    """``$IMR_PROFILES``, else ``reviewer-profiles.json`` in the user config dir."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("imr", appauthor=False)) / FILE_NAME


def _read(path: Path) -> dict[str, str]:
    """The remembered profiles; a missing or unreadable file remembers nothing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def remembered_profile(reviewer: str, path: Path | None = None) -> Path | None:
    """The profile file remembered for ``reviewer``, or None."""
    found = _read(path or profiles_path()).get(reviewer)
    return Path(found) if found else None


def remember_profile(reviewer: str, profile: Path, path: Path | None = None) -> None:
    """Record ``profile`` (made absolute) for ``reviewer``; raises OSError when it cannot be written."""
    path = path or profiles_path()
    data = _read(path)
    absolute = str(profile.expanduser().resolve())
    if data.get(reviewer) == absolute:
        return
    data[reviewer] = absolute
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, sort_keys=True, ensure_ascii=False)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


@dataclass(frozen=True)
class ChosenProfile:
    """The profile a letter is signed with, and the one-line warning when there is none."""

    profile: ReviewerProfile | None
    path: Path | None
    warning: str | None = None


def choose_profile(reviewer: str, given: Path | None) -> ChosenProfile:
    """The profile given (then remembered for ``reviewer``), else the one remembered, else none and a warning.

    A bad profile file raises a one-line ``LetterError``; failing to remember it is only a warning.
    """
    if given is not None:
        profile = load_reviewer(given)
        try:
            remember_profile(reviewer, given)
        except OSError as exc:
            return ChosenProfile(profile, given, f"the profile is not remembered for {reviewer}: "
                                 f"cannot write {profiles_path()} ({exc.strerror or exc})")
        return ChosenProfile(profile, given)
    remembered = remembered_profile(reviewer)
    if remembered is not None and remembered.is_file():
        return ChosenProfile(load_reviewer(remembered), remembered)
    gone = f" (the remembered {remembered} is gone)" if remembered is not None else ""
    return ChosenProfile(None, None, f"no reviewer profile for {reviewer}{gone}: the letter's credentials read "
                         "'not recorded'; give --reviewer PROFILE.yaml once and it is remembered")
