"""Reading a case file: safe YAML (or JSON) -> validated ``CaseFile``.

Case files are data.  ``engine.datafiles`` reads them: a size limit, safe YAML without
tags, anchors or aliases, bounded nesting and numbers.  Every error is one line naming the
file and the field path, what was expected and what was found::

    cases/x.yaml, field items[1].facts.request.quantity: expected a number, found 'six'
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from engine.cases.facts import normalize_fact_mapping
from engine.cases.field_error import CaseFieldError, shown
from engine.cases.model import CaseFile
from engine.datafiles import compose_yaml, parse_json, parse_yaml, read_text
from engine.errors import did_you_mean

CASE_SUFFIXES = (".yaml", ".yml", ".json")


def load_case(path: Path | str) -> CaseFile:
    """Read and validate a case file; errors name the file and the field path."""
    path = Path(path)
    file = str(path)
    text, data = _read_data(path)
    if not isinstance(data, dict):
        raise CaseFieldError(
            file, None, "the case file must be a mapping",
            expected="keys such as case, dates, claimant, items", found=_kind(data),
        )
    if path.suffix != ".json":
        _check_counts_not_comments(text, file)
    data = _normalize_facts(data, file)
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        # A misspelt field is also a missing one: report the misspelling, with a suggestion.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        raise _field_error(file, errors[0]) from None


def case_files(folder: Path | str) -> list[Path]:
    """The case files in a folder, in name order."""
    folder = Path(folder)
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in CASE_SUFFIXES)


def _read_data(path: Path) -> tuple[str, Any]:
    """The file's text and its parsed data (``engine.datafiles``: limits, safe YAML, JSON)."""
    file = str(path)

    def fail(message: str, *, field: str | None = None, **details: Any) -> CaseFieldError:
        return CaseFieldError(file, field, message, **details)

    text = read_text(path, "case file", fail)
    parse = parse_json if path.suffix == ".json" else parse_yaml
    return text, parse(text, "case file", fail)


_COUNT_AS_COMMENT = re.compile(r"\s+#\s*\d")


def _check_counts_not_comments(text: str, file: str) -> None:
    """``request: Norco 10/325 #60`` loses ``#60`` to a YAML comment: refuse it, say to quote."""
    root = compose_yaml(text)
    if not isinstance(root, yaml.MappingNode):
        return
    lines = text.splitlines()
    for key, items in root.value:
        if key.value != "items" or not isinstance(items, yaml.SequenceNode):
            continue
        for i, item in enumerate(items.value):
            if not isinstance(item, yaml.MappingNode):
                continue
            for field, value in item.value:
                if field.value != "request" or not isinstance(value, yaml.ScalarNode) or value.style:
                    continue
                end = value.end_mark
                rest = lines[end.line][end.column:] if end.line < len(lines) else ""
                if _COUNT_AS_COMMENT.match(rest):
                    raise CaseFieldError(
                        file, f"items[{i}].request", "the count after ' #' would be read as a YAML comment",
                        hint=f'quote the request: "{value.value}{rest.rstrip()}"',
                    )


def _normalize_facts(data: dict[str, Any], file: str) -> dict[str, Any]:
    """Facts mappings flattened and checked here, where the field path is known."""
    data = dict(data)
    if "facts" in data:
        data["facts"] = normalize_fact_mapping(data["facts"], "facts", file)
    items = data.get("items")
    if isinstance(items, list):
        data["items"] = [
            {**item, "facts": normalize_fact_mapping(item["facts"], f"items[{i}].facts", file)}
            if isinstance(item, dict) and "facts" in item else item
            for i, item in enumerate(items)
        ]
    return data


def _kind(value: Any) -> str:
    if value is None:
        return "an empty file"
    return {list: "a list", str: "a text", int: "a number", float: "a number", bool: "yes/no"}.get(
        type(value), type(value).__name__
    )


def field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


_EXPECTED = {
    "int_parsing": "a whole number", "int_type": "a whole number", "int_from_float": "a whole number",
    "float_parsing": "a number", "float_type": "a number",
    "date_parsing": "a date such as 2015-03-16", "date_type": "a date such as 2015-03-16",
    "date_from_datetime_parsing": "a date such as 2015-03-16",
    "date_from_datetime_inexact": "a date such as 2015-03-16",
    "bool_parsing": "yes or no", "bool_type": "yes or no",
    "string_type": "a text", "string_too_short": "a text that is not empty",
    "list_type": "a list", "too_short": "at least one entry",
    "model_type": "a mapping", "dict_type": "a mapping", "model_attributes_type": "a mapping",
}


def _field_error(file: str, error: Any) -> CaseFieldError:
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    found = shown(error.get("input"))
    if kind == "missing":
        return CaseFieldError(file, field_path(loc), "missing", expected="a value for this required field")
    if kind == "extra_forbidden":
        parent = _model_at(loc[:-1])
        names = list(parent.model_fields) if parent else []
        return CaseFieldError(
            file, field_path(loc), "unknown field", expected="one of " + ", ".join(names) if names else None,
            found=repr(loc[-1]), hint=did_you_mean(str(loc[-1]), names),
        )
    if kind == "value_error":
        message = str(ctx.get("error") or error["msg"]).removeprefix("Value error, ")
        return CaseFieldError(file, field_path(loc) or None, message)
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip(" '")]
        return CaseFieldError(file, field_path(loc), expected="one of " + expected, found=found,
                              hint=did_you_mean(str(error.get("input")), options))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": f"{ctx.get('ge')} or more", "greater_than": f"above {ctx.get('gt')}",
                 "less_than_equal": f"{ctx.get('le')} or less", "less_than": f"below {ctx.get('lt')}"}[kind]
        return CaseFieldError(file, field_path(loc), expected=f"a number {bound}", found=found)
    if kind == "string_pattern_mismatch":
        return CaseFieldError(file, field_path(loc), expected="a topic name such as physical_therapy", found=found)
    described = _EXPECTED.get(kind)
    if described is not None:
        return CaseFieldError(file, field_path(loc), expected=described, found=found)
    return CaseFieldError(file, field_path(loc), error["msg"], found=found)


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose fields the location ``loc`` points into."""
    model: type[BaseModel] | None = CaseFile
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(part)
        model = _inner_model(info.annotation) if info is not None else None
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
