"""Reading a user's data file (case, reviewer profile, decisions) with one-line errors.

Each loader says what the file is ("case file", "reviewer profile") and how to raise its
own error class; the reading and the parsing, and their failures, are the same for all.
A data file holds plain data and nothing else (``docs/limits-cases.md``):

- at most ``MAX_BYTES`` (256 KiB), checked with ``fstat()`` before a byte is read, and a
  regular file (not a device or a pipe); UTF-8 text, a leading BOM is skipped, no NUL byte;
- YAML is composed by a safe loader that also refuses anchors and aliases (``&a``, ``*a``:
  an alias bomb is refused at its first anchor), tags other than the plain ones
  (``!!python/...``, ``!!binary``, ``!!set``, ``!foo``), a key given twice and nesting
  deeper than ``MAX_DEPTH``;
- numbers are finite and of at most ``MAX_DIGITS`` digits (no ``.nan``, ``NaN``,
  ``Infinity``, ``10**400``), in YAML and in JSON; JSON keys are unique too.

Errors name the field path where there is one, and the line for YAML.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import yaml

from engine.errors import ImrError

MAX_BYTES = 256 * 1024  # 256 KiB; the biggest bundled case file is 3.5 KB
MAX_DEPTH = 20  # nesting levels; a case file needs 5 (items[0].facts.request.kind)
MAX_DIGITS = 15  # a number's digits; every count and day a case holds has far fewer

_LIMIT = 10**MAX_DIGITS
_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_PLAIN_TAGS.add("!")  # the non-specific tag of a quoted scalar


class Fail(Protocol):
    """The loader's own error, located at the file (and the field, when known)."""

    def __call__(self, message: str, *, field: str | None = None, expected: str | None = None,
                 found: str | None = None, hint: str | None = None) -> ImrError: ...


def read_text(path: Path, what: str, fail: Fail, limit: int = MAX_BYTES) -> str:
    """The file's text: a regular file of at most ``limit`` bytes, UTF-8 without NUL bytes.

    The file is opened without blocking (a pipe would wait for a writer) and checked with
    ``fstat()`` before a byte is read: what is checked is what is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise fail(f"the {what} is a folder", expected="a file")
            if not stat.S_ISREG(info.st_mode):
                raise fail(f"the {what} is not a regular file", expected="a file", found="a device or a pipe")
            _check_size(info.st_size, what, fail, limit)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise fail(f"no such {what}") from None
    except IsADirectoryError:
        raise fail(f"the {what} is a folder", expected="a file") from None
    except OSError as exc:
        raise fail(f"cannot read the {what}", found=exc.strerror or str(exc)) from None
    _check_size(len(data), what, fail, limit)  # it grew since stat()
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    nul = data.find(b"\0", start)
    if nul >= 0:
        raise fail(f"the {what} is not a text file", found=f"a NUL byte at byte {nul} (line {_line_of(data, nul)})")
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = start + exc.start
        raise fail(f"the {what} is not UTF-8 text", found=f"byte {at} (line {_line_of(data, at)})") from None


def _check_size(size: int, what: str, fail: Fail, limit: int = MAX_BYTES) -> None:
    if size > limit:
        shown = f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 1024} KiB"
        raise fail(f"the {what} is too large", expected=f"at most {limit} bytes ({shown})", found=f"{size} bytes")


def _shown(text: str, limit: int = 40) -> str:
    """A found value as written, quoted and shortened."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


# -- YAML ------------------------------------------------------------------------------


class _Refused(Exception):
    """A data file goes beyond plain data; carried out of PyYAML to ``parse_yaml``."""

    def __init__(self, message: str, field: str | None = None, **details: str) -> None:
        super().__init__(message)
        self.message, self.field, self.details = message, field, details


def _at(node_or_event: Any) -> str:
    mark = node_or_event.start_mark
    return f"line {mark.line + 1}"


def _tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


class _DataLoader(yaml.SafeLoader):
    """The safe loader, refusing what plain data never needs, with field paths in errors."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._path: list[str] = []
        self._depth = 0
        self._paths: dict[int, str] = {}  # id(node) -> its field path, for the constructors' errors

    def _field(self) -> str | None:
        return "".join(self._path).removeprefix(".") or None

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        if isinstance(index, yaml.ScalarNode):
            self._path.append(f".{index.value}")
        elif isinstance(index, int) and not isinstance(index, bool):
            self._path.append(f"[{index}]")
        else:  # the root, or a mapping key: no step of its own
            self._path.append("")
        self._depth += 1
        try:
            return self._compose_checked(parent, index)
        finally:
            self._depth -= 1
            self._path.pop()

    def _compose_checked(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("YAML anchors and aliases are not allowed in a data file", self._field(),
                           expected="each value written out", found=f"the alias *{event.anchor} at {_at(event)}")
        if event.anchor is not None:
            raise _Refused("YAML anchors and aliases are not allowed in a data file", self._field(),
                           expected="each value written out", found=f"the anchor &{event.anchor} at {_at(event)}")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _PLAIN_TAGS:
            raise _Refused("not valid YAML data", self._field(), expected="plain values without YAML tags",
                           found=f"the tag {_tag(tag)} at {_at(event)}")
        if isinstance(event, yaml.CollectionStartEvent) and self._depth > MAX_DEPTH:
            raise _Refused("nested too deeply", self._field(), expected=f"at most {MAX_DEPTH} levels",
                           found=f"more at {_at(event)}")
        node = super().compose_node(parent, index)
        self._paths[id(node)] = self._field() or ""
        if isinstance(node, yaml.MappingNode):
            self._check_unique_keys(node)
        return node

    def _check_unique_keys(self, node: yaml.MappingNode) -> None:
        seen: dict[tuple[str, str], yaml.Node] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.tag == _YAML + "merge":
                raise _Refused("YAML merge keys are not allowed in a data file", self._field(),
                               expected="each value written out", found=f"<< at {_at(key)}")
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                field = f"{self._field() or ''}.{key.value}".removeprefix(".")
                raise _Refused("a key given twice", field, expected="each key once",
                               found=f"{key.value!r} at {_at(key)} and at {_at(first)}")

    # -- constructors: numbers and dates, checked where the field is known --

    def _refuse_value(self, node: yaml.ScalarNode, expected: str) -> _Refused:
        return _Refused("", self._paths.get(id(node)) or None, expected=expected, found=_shown(node.value))

    def construct_data_int(self, node: yaml.ScalarNode) -> int:
        digits = node.value.replace("_", "").lstrip("+-")
        if len(digits) > MAX_DIGITS + 2:  # before int(): 10**400 is slow, and Python refuses 4300 digits
            raise self._refuse_value(node, f"a number of at most {MAX_DIGITS} digits")
        value = self.construct_yaml_int(node)
        if abs(value) >= _LIMIT:
            raise self._refuse_value(node, f"a number of at most {MAX_DIGITS} digits")
        return value

    def construct_data_float(self, node: yaml.ScalarNode) -> float:
        value = self.construct_yaml_float(node)
        if not math.isfinite(value) or abs(value) >= _LIMIT:
            raise self._refuse_value(node, f"a finite number of at most {MAX_DIGITS} digits")
        return value

    def construct_data_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2015-02-30
            raise self._refuse_value(node, "a date that exists") from None


_DataLoader.add_constructor(_YAML + "int", _DataLoader.construct_data_int)
_DataLoader.add_constructor(_YAML + "float", _DataLoader.construct_data_float)
_DataLoader.add_constructor(_YAML + "timestamp", _DataLoader.construct_data_timestamp)


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of YAML that ``parse_yaml`` accepted (for checks that need marks); libyaml when there."""
    return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def parse_yaml(text: str, what: str, fail: Fail) -> Any:
    """Plain data from YAML: safe loading, no anchors, aliases or tags, unique keys, bounded."""
    loader = None
    try:
        loader = _DataLoader(text)  # the reader checks every character here
        return loader.get_single_data()
    except _Refused as refused:
        raise fail(refused.message, field=refused.field, **refused.details) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        said = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise fail(f"the {what} is not valid YAML{where}: {said}") from None
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else int(exc.character)
        raise fail(f"the {what} is not valid YAML", expected="text without control characters",
                   found=f"character #x{code:04x} at line {line}") from None
    except yaml.YAMLError as exc:
        raise fail(f"the {what} is not valid YAML", found=str(exc).splitlines()[0]) from None
    finally:
        if loader is not None:
            loader.dispose()


# -- JSON ------------------------------------------------------------------------------


class _Long(str):
    """A JSON integer too long to convert; reported with its field path."""


class _Constant(str):
    """``NaN``, ``Infinity`` or ``-Infinity``: JSON has no such number."""


class _Keys(dict):
    """A JSON object that remembers a key given twice."""

    twice: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> _Keys:
    result = _Keys(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        result.twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return result


_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def parse_json(text: str, what: str, fail: Fail) -> Any:
    """Plain data from JSON: nesting bounded before parsing, finite numbers, unique keys."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                raise fail("nested too deeply", expected=f"at most {MAX_DEPTH} levels", found=f"more at line {line}")
        elif token in "]}":
            depth -= 1
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_constant=_Constant,
                          parse_int=lambda s: int(s) if len(s) <= MAX_DIGITS + 2 else _Long(s))
    except json.JSONDecodeError as exc:
        raise fail(f"the {what} is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    for field, value in _walk(data, ""):
        if isinstance(value, _Keys) and value.twice is not None:
            raise fail("a key given twice", field=f"{field}.{value.twice}".removeprefix("."),
                       expected="each key once", found=repr(value.twice))
        problem = _json_problem(value)
        if problem is not None:
            raise fail(problem[0], field=field or None, **problem[1])
    return data


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every value with its field path; the nesting is already bounded."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, f"{path}[{i}]")


def _json_problem(value: Any) -> tuple[str, dict[str, str]] | None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(value, _Long) or (number and isinstance(value, int) and abs(value) >= _LIMIT):
        return "", {"expected": f"a number of at most {MAX_DIGITS} digits", "found": _shown(str(value))}
    if isinstance(value, _Constant) or (number and isinstance(value, float) and not abs(value) < _LIMIT):
        return "", {"expected": f"a finite number of at most {MAX_DIGITS} digits", "found": str(value)}
    return None
