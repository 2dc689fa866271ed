"""Shared by the benchmarks: generated decision tables, cases, machine info, summaries.

A generated table is kept as plain data (``GenTable``): per rule, one ``Cell`` per input
column, written both in S-FEEL (for the workbook) and in the ZEN expression language (for
zen-engine's JDM), and one output literal.  Only constructs that mean the same in both
languages are generated: comparisons, closed and half-open intervals written with
``(``/``)``, equality, lists of strings, booleans and ``-``.  Cases never hold null
(zen-engine raises on comparing null).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

# The project root on sys.path, so that `python bench/x.py` finds `engine`.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.authoring import (  # noqa: E402
    FactSpec,
    GuidelineSpec,
    RuleSpec,
    TableSpec,
    WorkbookSpec,
)

REGIONS = ("lumbar", "cervical", "thoracic", "knee", "shoulder")
ANY = None  # a "-" cell


@dataclass(frozen=True)
class Column:
    """An input column: its fact, glossary type and how its cells are generated.

    kinds: ``threshold`` (``>= 42.5``, ``< 17.1``: one threshold per row), ``interval``
    (``[3..12]``, ``(3..12]``, ``[3..12)``), ``enum`` (one or two of ``values``),
    ``bool`` (``true``/``false``), ``count`` (an integer or an integer interval).
    """

    fact: str
    type: str
    kind: str
    low: int = 0
    high: int = 100
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    sfeel: str  # "-" for any
    zen: str  # "" for any


@dataclass
class GenTable:
    name: str
    policy: str  # "FIRST" or "COLLECT"
    columns: tuple[Column, ...]
    output: str  # output fact
    rules: list[tuple[tuple[Cell, ...], Any]]  # per rule: cells, output value (str or int)

    def spec(self) -> TableSpec:
        return TableSpec(
            name=self.name,
            hit_policy=self.policy,
            description=f"generated: {len(self.rules)} rules, {len(self.columns)} inputs",
            inputs=tuple(c.fact for c in self.columns),
            outputs=(self.output,),
            rules=tuple(
                RuleSpec(
                    inputs=tuple(cell.sfeel for cell in cells),
                    outputs=(_sfeel_literal(out),),
                    citation=f"Bench Guideline, {self.name} section {n}",
                    rationale=f"rule {n} of {self.name}",
                )
                for n, (cells, out) in enumerate(self.rules, start=1)
            ),
        )

    @property
    def output_label(self) -> str:
        """The output's field in zen-engine's result: the last part of the fact name."""
        return self.output.rsplit(".", 1)[-1]

    def jdm(self) -> dict[str, Any]:
        """The table as a zen-engine JDM graph: input -> decisionTableNode -> output."""
        inputs = [{"id": f"i{k}", "name": c.fact, "field": c.fact}
                  for k, c in enumerate(self.columns)]
        rules = []
        for n, (cells, out) in enumerate(self.rules):
            rule = {"_id": f"r{n}", "o0": _zen_literal(out)}
            rule.update({f"i{k}": cell.zen for k, cell in enumerate(cells)})
            rules.append(rule)
        table = {
            "hitPolicy": self.policy.lower(),
            "inputs": inputs,
            "outputs": [{"id": "o0", "name": self.output, "field": self.output_label}],
            "rules": rules,
        }
        nodes = [
            {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0},
             "content": {}},
            {"id": "table", "type": "decisionTableNode", "name": self.name,
             "position": {"x": 200, "y": 0}, "content": table},
            {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 400, "y": 0},
             "content": {}},
        ]
        edges = [{"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
                 {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"}]
        return {"nodes": nodes, "edges": edges}


# --- generation ---------------------------------------------------------------------------


def _sfeel_literal(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _zen_literal(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value)


def _tenth(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randrange(low * 10, high * 10)) / 10


def random_cell(column: Column, rng: random.Random) -> Cell:
    kind = column.kind
    if kind == "threshold":
        text = f"{rng.choice(('<', '<=', '>', '>='))} {_tenth(rng, column.low, column.high)}"
        return Cell(text, text)
    if kind == "interval":
        a, b = sorted(rng.sample(range(column.low, column.high + 1), 2))
        text = f"{rng.choice('[(')}{a}..{b}{rng.choice('])')}"
        return Cell(text, text)
    if kind == "count":
        if rng.random() < 0.5:
            text = str(rng.randint(column.low, column.high))
            return Cell(text, text)
        a, b = sorted(rng.sample(range(column.low, column.high + 1), 2))
        return Cell(f"[{a}..{b}]", f"[{a}..{b}]")
    if kind == "enum":
        chosen = rng.sample(column.values, rng.choice((1, 2)))
        return Cell(",".join(f'"{v}"' for v in chosen), ", ".join(f"'{v}'" for v in chosen))
    if kind == "bool":
        text = rng.choice(("true", "false"))
        return Cell(text, text)
    raise ValueError(kind)


def random_value(column: Column, rng: random.Random) -> Any:
    """A FEEL value for the column (``Decimal``, ``str`` or ``bool``), never null."""
    kind = column.kind
    if kind == "threshold":
        return _tenth(rng, column.low - 5, column.high + 5)
    if kind in ("interval", "count"):
        return Decimal(rng.randint(column.low - 2, column.high + 2))
    if kind == "enum":
        return rng.choice(column.values)
    if kind == "bool":
        return rng.random() < 0.5
    raise ValueError(kind)


def random_rules(columns: Sequence[Column], outputs: Sequence[Any], rng: random.Random,
                 any_share: float = 0.35) -> list[tuple[tuple[Cell, ...], Any]]:
    """One rule per output value; each cell is ``-`` with probability ``any_share``."""
    dash = Cell("-", "")
    return [
        (tuple(dash if rng.random() < any_share else random_cell(c, rng) for c in columns), out)
        for out in outputs
    ]


def random_case(columns: Sequence[Column], rng: random.Random) -> dict[str, Any]:
    return {c.fact: random_value(c, rng) for c in columns}


def zen_context(case: dict[str, Any]) -> dict[str, Any]:
    """A case as a zen-engine context: dotted names nested (``claimant.age``)."""
    context: dict[str, Any] = {}
    for name, value in case.items():
        *parents, last = name.split(".")
        node = context
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = to_json_value(value)
    return context


def to_json_value(value: Any) -> Any:
    """A FEEL value as zen-engine takes it (numbers as int or float)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# The 6-input table of read_compile.py and batch.py: mixed types, one threshold per row.
SIX_INPUTS = (
    Column("claimant.age", "number", "threshold", 18, 80),
    Column("sessions_requested", "integer", "interval", 0, 40),
    Column("dose_mg", "number", "threshold", 0, 200),
    Column("body_region", "enumeration", "enum", values=REGIONS),
    Column("prior_surgery", "boolean", "bool"),
    Column("weeks_since_injury", "integer", "count", 0, 52),
)


def six_input_table(rows: int, policy: str = "FIRST", seed: int = 1,
                    name: str = "bench_table") -> GenTable:
    rng = random.Random(seed)
    outputs = [f"R{n}" for n in range(1, rows + 1)]
    return GenTable(name, policy, SIX_INPUTS, "bench.outcome",
                    random_rules(SIX_INPUTS, outputs, rng))


def workbook(tables: Sequence[GenTable], guideline_id: str = "bench") -> WorkbookSpec:
    """A workbook holding ``tables``, with a glossary of every fact they read or write."""
    facts: dict[str, FactSpec] = {}
    for c in (c for table in tables for c in table.columns):
        allowed = ",".join(f'"{v}"' for v in c.values) if c.values else None
        facts.setdefault(c.fact, FactSpec(name=c.fact, type=c.type, allowed_values=allowed,
                                          question=f"What is {c.fact}?"))
    for table in tables:  # an output read by a later table keeps that column's type
        kind = "text" if isinstance(table.rules[0][1], str) else "number"
        facts.setdefault(table.output, FactSpec(name=table.output, type=kind))
    return WorkbookSpec(
        guideline=GuidelineSpec(id=guideline_id, title="Generated benchmark guideline",
                                citation="bench/_gen.py", edition="1"),
        facts=tuple(facts.values()),
        tables=tuple(t.spec() for t in tables),
    )


# --- reporting ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for package in ("durable-rules", "zen-engine"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    return {
        "date": dt.date.today().isoformat(),
        "nproc": nproc,
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": ", ".join(versions),
        "engine": _engine_revision(),
        "load avg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _engine_revision() -> str:
    """The commit, and whether engine/ differs from it (figures depend on both)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD") or "?"
        dirty = git("status", "--porcelain", "--", "engine")
    except OSError:
        return "?"
    return f"{commit}{' + uncommitted changes in engine/' if dirty else ''}"


def print_machine() -> None:
    for key, value in machine().items():
        print(f"{key:>9}: {value}")
    print()


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def print_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A GitHub-markdown table, so that figures paste into docs/performance.md."""
    cells = [[str(h) for h in header], *[[str(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    def line(r: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) + " |"
    print(line(cells[0]))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in cells[1:]:
        print(line(r))
    print()
