"""Reading a user's data file (case, reviewer profile, decisions) with one-line errors.

Each loader says what the file is ("case file", "reviewer profile") and how to raise its
own error class; the reading and the parsing, and their failures, are the same for all.
YAML is read with the safe loader only: nothing in a data file constructs objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from engine.errors import ImrError

# fail(message, expected=..., found=...) -> the loader's own error, located at the file
Fail = Callable[..., ImrError]


def read_text(path: Path, what: str, fail: Fail) -> str:
    """The file's text; a missing file, a folder or bytes that are not UTF-8 fail."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"no such {what}") from None
    except IsADirectoryError:
        raise fail(f"the {what} is a folder", expected="a file") from None
    except UnicodeDecodeError as exc:
        raise fail(f"the {what} is not UTF-8 text", found=f"byte {exc.start}") from None


def parse_json(text: str, what: str, fail: Fail) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"the {what} is not valid JSON", found=str(exc)) from None


def parse_yaml(text: str, what: str, fail: Fail) -> Any:
    """Safe-loaded YAML. PyYAML's ValueError (an impossible date) is left to the caller."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise fail(f"the {what} is not valid YAML", found=str(exc).splitlines()[0]) from None
