"""One case through three chained tables, with the full trace.

Table 1 (``bench_risk``) writes ``risk_score``, which table 2 (``bench_band``) reads;
table 2 writes ``band``, which table 3 (``bench_decision``) reads.  Each has 20 generated
FIRST rules and a last catch-all rule, so that every table decides.  One case, picked so
that a generated (not the catch-all) rule decides each table, is evaluated with
``evaluate(rulebase, facts, as_of)`` -- the trace of every row and cell, the rationale,
the missing facts -- 1,000 times after a warm-up; the result is checked against a plain
Python evaluation of the parsed cells.  Target: under 10 ms median.

    .venv/bin/python bench/trace_chain.py [--quick] [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from _gen import (
    REGIONS,
    Cell,
    Column,
    GenTable,
    median,
    p95,
    print_machine,
    print_table,
    random_case,
    random_rules,
    to_json_value,
    workbook,
)

from engine import evaluate, load_rulebase
from engine.authoring import write_workbook
from engine.runtime.trace import RowState

TARGET_MS = 10.0
ROWS = 20
AS_OF = dt.date(2024, 1, 1)
BANDS = ("low", "medium", "high")


def chain(rng: random.Random) -> list[GenTable]:
    def table(name: str, columns: tuple[Column, ...], output: str, values: list[Any],
              default: Any) -> GenTable:
        rules = random_rules(columns, values, rng)
        rules.append((tuple(Cell("-", "") for _ in columns), default))  # the catch-all
        return GenTable(name, "FIRST", columns, output, rules)

    return [
        table("bench_risk", (
            Column("claimant.age", "number", "threshold", 18, 80),
            Column("pain_score", "integer", "interval", 0, 10),
            Column("body_region", "enumeration", "enum", values=REGIONS),
        ), "risk_score", [rng.randint(0, 100) for _ in range(ROWS)], 50),
        table("bench_band", (
            Column("risk_score", "number", "threshold", 0, 100),
            Column("prior_surgery", "boolean", "bool"),
            Column("weeks_since_injury", "integer", "count", 0, 52),
        ), "band", [rng.choice(BANDS) for _ in range(ROWS)], "medium"),
        table("bench_decision", (
            Column("band", "enumeration", "enum", values=BANDS),
            Column("sessions_requested", "integer", "interval", 0, 40),
            Column("dose_mg", "number", "threshold", 0, 200),
        ), "bench.decision", [rng.choice(("Upheld", "Overturned")) for _ in range(ROWS)],
            "Upheld"),
    ]


def reference(rulebase, tables: list[GenTable], env: dict[str, Any]) -> dict[str, int]:
    """Plain Python over the parsed cells: per table, the index of the first matching rule;
    each table's output is added to ``env`` for the next."""
    first: dict[str, int] = {}
    for gen in tables:
        parsed = rulebase.table(gen.name)
        for i, rule in enumerate(parsed.rules):
            if all(entry.tests.matches(env.get(col.fact))
                   for col, entry in zip(parsed.inputs, rule.inputs, strict=True)):
                first[gen.name] = i
                break
        value = gen.rules[first[gen.name]][1]
        env[gen.output] = Decimal(value) if isinstance(value, int) else value
    return first


def pick_case(rulebase, tables: list[GenTable], rng: random.Random) -> dict[str, Any]:
    """A case decided by a generated rule in every table (not the catch-all)."""
    inputs = [c for t in tables for c in t.columns if c.fact not in {"risk_score", "band"}]
    for _ in range(100_000):
        case = random_case(inputs, rng)
        if all(i < ROWS for i in reference(rulebase, tables, dict(case)).values()):
            return case
    raise SystemExit("no case found that a generated rule decides in every table")


def check(result, rulebase, tables: list[GenTable], case: dict[str, Any]) -> list[str]:
    env = dict(case)
    first = reference(rulebase, tables, env)
    problems = []
    for gen in tables:
        got = result.tables[gen.name]
        parsed = rulebase.table(gen.name)
        want_fired = [
            r.number for r in parsed.rules
            if all(e.tests.matches(env.get(c.fact))
                   for c, e in zip(parsed.inputs, r.inputs, strict=True))
        ]
        fired = [row.rule for row in got.rows if row.state is RowState.FIRED]
        want = gen.rules[first[gen.name]][1]
        if str(got.value) != str(want) or fired != want_fired:
            problems.append(f"{gen.name}: value {got.value!r} (want {want!r}), fired rows "
                            f"{fired} (want {want_fired})")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 evaluations: a smoke test")
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    runs = 100 if args.quick else args.runs

    print_machine()
    rng = random.Random(7)
    tables = chain(rng)
    with tempfile.TemporaryDirectory() as tmp:
        rulebase = load_rulebase(write_workbook(workbook(tables), Path(tmp) / "chain.xlsx"))
    case = pick_case(rulebase, tables, rng)
    facts = {name: to_json_value(value) for name, value in case.items()}
    print(f"case: {facts}")

    result = evaluate(rulebase, facts, AS_OF)
    problems = check(result, rulebase, tables, case)
    for name, got in result.tables.items():
        print(f"  {name}: rule {got.selected} -> {got.value!r}")
    print()

    def full_trace() -> None:  # the decision, its missing facts and every row's trace read
        for table in evaluate(rulebase, facts, AS_OF).tables.values():
            table.rows  # noqa: B018 (built on first read)

    calls = (
        ("evaluate, full trace read (every table's rows)", full_trace),
        ("evaluate (decision and missing facts; rows not read)", lambda: evaluate(rulebase, facts, AS_OF)),
        ("evaluate, trace=False (decision only)", lambda: evaluate(rulebase, facts, AS_OF, trace=False)),
    )
    rows = []
    for label, call in calls:
        for _ in range(max(10, runs // 20)):  # warm-up
            call()
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
        rows.append((label, f"{median(samples):.3f}", f"{p95(samples):.3f}",
                     f"{min(samples):.3f}"))
    print(f"{runs} evaluations, 3 tables x {ROWS + 1} rules, milliseconds per evaluation")
    print_table(("call", "median", "p95", "min"), rows)
    rulebase.close()

    if problems:
        print("WRONG RESULTS:\n  " + "\n  ".join(problems))
    else:
        print("results: checked against the reference (values and fired rows of each table)")
    verdict = "met" if float(rows[0][1]) < TARGET_MS else "MISSED"
    print(f"target: full trace under {TARGET_MS:.0f} ms (median) -> {verdict}")


if __name__ == "__main__":
    main()
