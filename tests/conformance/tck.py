"""The DMN TCK decision-table subset (``shared/conformance/dmn-tck``) as workbooks.

Each TCK model JSON (see the README next to it) becomes a ``WorkbookSpec``:

- each decision becomes a table named after the decision; its input columns read the
  facts named by their input expressions (``structA.price``, ``Another Date and Time``);
- input data and item-definition components become Facts rows; structures are
  flattened to dotted names (``Complex.aBoolean``) and lists become ``list of ...``;
- a single unnamed output writes the fact named after the decision; several outputs
  write ``<decision>.<output name>``;
- input ``allowed_values`` and output ``allowed_values`` fill the ``Output values`` row,
  ``default_output_entry`` the ``Default`` row, the rule annotation the Annotation column.

One liberty is taken, and undone when results are compared: a TCK output name with a
character that docs/tables.md does not allow in fact names (0110, 0118 and 0119 name an
output ``Approved/Declined``) is written with ``_`` in its place.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.authoring import FactSpec, GuidelineSpec, RuleSpec, TableSpec, WorkbookSpec

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TCK_ROOT = SHARED / "conformance" / "dmn-tck"
TOLERANCE = Decimal("1e-8")

TYPE_NAMES = {
    "string": "text",
    "number": "number",
    "integer": "integer",
    "boolean": "boolean",
    "date": "date",
    "time": "time",
    "dateTime": "date and time",
    "date and time": "date and time",
    "dayTimeDuration": "days and time duration",
    "days and time duration": "days and time duration",
    "yearMonthDuration": "years and months duration",
    "years and months duration": "years and months duration",
    "Any": "any",
    "any": "any",
}
AGGREGATED = {"SUM": "COLLECT SUM", "COUNT": "COLLECT COUNT", "MIN": "COLLECT MIN",
              "MAX": "COLLECT MAX"}
MULTI_HIT = {"COLLECT", "RULE ORDER", "OUTPUT ORDER"}
_NOT_IN_NAMES = re.compile(r"[^A-Za-z0-9_ ]")


@dataclass(frozen=True)
class TckCase:
    """One selected TCK ``<testCase>``."""

    model: str  # "0004-simpletable-U"
    json_path: Path
    test: Mapping[str, Any]

    @property
    def id(self) -> str:
        return f"{self.model}/{self.test['id']}"

    @property
    def tier(self) -> str:
        return str(self.test.get("tier", "core"))


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def model_files(root: Path = TCK_ROOT) -> list[Path]:
    """The model JSONs (not the auxiliary ``*.unary-tests.json``)."""
    return sorted(
        p for p in root.glob("compliance-level-*/*/*.json") if p.stem == p.parent.name
    )


def selected_cases(root: Path = TCK_ROOT) -> list[TckCase]:
    cases: list[TckCase] = []
    for path in model_files(root):
        model = read_json(path)
        cases.extend(TckCase(model["model_name"], path, test) for test in model["tests"])
    return cases


# --- model -> workbook spec -------------------------------------------------------------


def fact_part(name: str) -> str:
    """A TCK output name as one part of a fact name (docs/tables.md: letters, digits,
    ``_``, spaces)."""
    return _NOT_IN_NAMES.sub("_", name)


def _resolve(type_ref: str | None, item_defs: Mapping[str, Any]) -> dict[str, Any]:
    if type_ref is None:
        return {"base": "Any"}
    ref = type_ref.removeprefix("feel:")
    if ref in item_defs:
        return dict(item_defs[ref])
    return {"base": ref}


def _type_name(descriptor: Mapping[str, Any], item_defs: Mapping[str, Any]) -> str:
    if "list" in descriptor:
        return "list of " + _type_name(descriptor["list"], item_defs)
    if "components" in descriptor:
        raise NotImplementedError(f"a structure where a simple type is needed: {descriptor}")
    base = descriptor["base"]
    if base in item_defs:
        return _type_name(item_defs[base], item_defs)
    return TYPE_NAMES[base]


def _allowed(descriptor: Mapping[str, Any]) -> str | None:
    values = descriptor.get("allowed_values")
    if not values and "list" in descriptor:
        values = descriptor["list"].get("allowed_values")
    return ",".join(values) if values else None


def _flatten(name: str, descriptor: Mapping[str, Any], item_defs: Mapping[str, Any],
             description: str) -> list[FactSpec]:
    if "components" in descriptor:
        facts: list[FactSpec] = []
        for part, sub in descriptor["components"].items():
            facts += _flatten(f"{name}.{fact_part(part)}", sub, item_defs, description)
        return facts
    return [FactSpec(name=name, type=_type_name(descriptor, item_defs),
                     allowed_values=_allowed(descriptor), description=description)]


def _output_facts(decision: Mapping[str, Any], item_defs: Mapping[str, Any]) -> list[FactSpec]:
    descriptor = _resolve(decision["type_ref"], item_defs)
    if decision["hit_policy"] in MULTI_HIT and not decision["aggregation"] and "list" in descriptor:
        descriptor = descriptor["list"]  # the column's fact holds one rule's output
    name, outputs = decision["name"], decision["outputs"]
    note = f"output of decision {name!r}"
    if len(outputs) == 1 and outputs[0]["name"] is None:
        own = outputs[0]["type_ref"]
        return _flatten(name, _resolve(own, item_defs) if own else descriptor, item_defs, note)
    components = descriptor.get("components", {})
    facts: list[FactSpec] = []
    for output in outputs:
        sub = (_resolve(output["type_ref"], item_defs) if output["type_ref"]
               else components.get(output["name"], {"base": "Any"}))
        if output["type_ref"] and output["name"] in components:
            sub = {**components[output["name"]], **sub}
        facts += _flatten(f"{name}.{fact_part(output['name'])}", sub, item_defs, note)
    return facts


def output_facts_of(decision: Mapping[str, Any]) -> tuple[str, ...]:
    name, outputs = decision["name"], decision["outputs"]
    if len(outputs) == 1 and outputs[0]["name"] is None:
        return (name,)
    return tuple(f"{name}.{fact_part(o['name'])}" for o in outputs)


def _table(model: str, decision: Mapping[str, Any]) -> TableSpec:
    inputs, outputs = decision["inputs"], decision["outputs"]
    input_values = tuple(",".join(i["allowed_values"]) if i["allowed_values"] else None
                         for i in inputs)
    output_values = tuple(",".join(o["allowed_values"]) if o["allowed_values"] else None
                          for o in outputs)
    defaults = tuple(o["default_output_entry"] for o in outputs)
    policy = decision["hit_policy"]
    if decision["aggregation"]:
        policy = AGGREGATED[decision["aggregation"]]
    rules = tuple(
        RuleSpec(inputs=tuple(rule["input_entries"]), outputs=tuple(rule["output_entries"]),
                 citation=f"DMN TCK {model} rule {n}", annotation=rule["annotation"])
        for n, rule in enumerate(decision["rules"], start=1)
    )
    has_values = any(v is not None for v in (*input_values, *output_values))
    return TableSpec(
        name=decision["name"],
        hit_policy=policy,
        description=f"DMN TCK {model}: decision {decision['name']!r}",
        inputs=tuple(i["expression"] for i in inputs),
        outputs=output_facts_of(decision),
        input_values=input_values if has_values else None,
        output_values=output_values if has_values else None,
        defaults=defaults if any(d is not None for d in defaults) else None,
        rules=rules,
    )


def workbook_spec(model: Mapping[str, Any], edition: str = "tck") -> WorkbookSpec:
    """The workbook that encodes one TCK model."""
    name, item_defs = model["model_name"], model["item_definitions"]
    facts: dict[str, FactSpec] = {}
    for data in model["input_data"]:
        for fact in _flatten(data["name"], data["type"], item_defs, "TCK input data"):
            facts.setdefault(fact.name, fact)
    for decision in model["decisions"]:
        for fact in _output_facts(decision, item_defs):
            facts.setdefault(fact.name, fact)
        for column in decision["inputs"]:  # an input expression that is no input data
            facts.setdefault(column["expression"], FactSpec(
                name=column["expression"],
                type=_type_name(_resolve(column["type_ref"], item_defs), item_defs),
                description=f"input expression of decision {decision['name']!r}"))
    return WorkbookSpec(
        guideline=GuidelineSpec(id=f"dmn-tck-{name}", title=f"DMN TCK {name}",
                                citation=model["source"], edition=edition),
        facts=tuple(facts.values()),
        tables=tuple(_table(name, d) for d in model["decisions"]),
    )


# --- values -----------------------------------------------------------------------------


def to_feel(value: Any) -> Any:
    """A TCK JSON value as a FEEL value (numbers as Decimal, typed scalars parsed)."""
    if value is None or isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, list):
        return [to_feel(v) for v in value]
    if "$type" in value:
        return _typed(value["$type"], value["$value"])
    return {k: to_feel(v) for k, v in value.items()}


def _typed(kind: str, text: str) -> Any:
    if kind == "date":
        return dt.date.fromisoformat(text)
    if kind == "time":
        return dt.time.fromisoformat(text)
    if kind == "date and time":
        return dt.datetime.fromisoformat(text)
    if kind in ("duration", "days and time duration", "years and months duration"):
        from engine.feel.values import (  # the FEEL package may land after this harness
            DaysTimeDuration,
            YearsMonthsDuration,
            parse_duration,
        )

        duration = parse_duration(text)
        wanted = {"days and time duration": DaysTimeDuration,
                  "years and months duration": YearsMonthsDuration}.get(kind)
        assert wanted is None or isinstance(duration, wanted), (text, duration)
        return duration
    raise ValueError(f"unknown TCK $type {kind!r}")


def rename_keys(expected: Any) -> Any:
    """The expected value with output names spelled as the workbook spells them."""
    if isinstance(expected, list):
        return [rename_keys(v) for v in expected]
    if isinstance(expected, dict) and "$type" not in expected:
        return {fact_part(k): rename_keys(v) for k, v in expected.items()}
    return expected


def same(actual: Any, expected: Any) -> bool:
    """DMN equality as the TCK runners check it: numbers within 1e-8, deep for lists and
    structures, ``None`` only for ``None``."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, Decimal | int | float):
        if not isinstance(actual, Decimal | int | float):
            return False
        return abs(Decimal(str(actual)) - Decimal(str(expected))) <= TOLERANCE
    if isinstance(expected, list):
        return (isinstance(actual, list | tuple) and len(actual) == len(expected)
                and all(same(a, e) for a, e in zip(actual, expected, strict=True)))
    if isinstance(expected, dict):
        return (isinstance(actual, Mapping) and set(actual) == set(expected)
                and all(same(actual[k], expected[k]) for k in expected))
    return bool(actual == expected)
