"""Rule-network figures: compile and match times of engine.rete on durable-rules' C engine.

Tables:

- ``own-1000``: 1,000 rows x 6 columns, every row with its own threshold per column
  (2,002 classes per column, a ``>= t`` cell holds ~1,000 class ids);
- ``bench-100``: the project's 100-rule, 6-input benchmark table (bench/_gen.py, FIRST),
  compiled by the project's compiler into value classes, with its 100,000 random cases
  classified the same way; falls back to ``guideline-100`` if that pipeline is missing;
- ``guideline-100``: tests.rete.synth.guideline_table(), uniform random classes.

Every result is checked against a brute-force scan of the rows.  Times are the best of
``--runs`` (CPU seconds of this process, which the other processes on the machine
disturb less than wall time; wall time is shown too).  ``--alternatives`` also measures
the layouts and encodings that were not chosen.

    .venv/bin/python bench/rete_match.py [--quick] [--runs N] [--alternatives]
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine.rete import RuleNetwork, TableSpec  # noqa: E402
from engine.rete import durable_adapter as adapter  # noqa: E402
from engine.rete.facts import renderer, value_strings  # noqa: E402
from engine.rete.layout import ALWAYS, CAP, compile_table  # noqa: E402
from engine.rete.shadow import Shadow  # noqa: E402
from tests.rete.synth import (  # noqa: E402
    guideline_table,
    own_thresholds_table,
    random_cases,
    reference_match,
)


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(best CPU seconds, best wall seconds, last result) over ``runs`` calls."""
    cpu = wall = float("inf")
    result = None
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        result = fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall, result


def bench_table() -> tuple[TableSpec, list[list[int]]] | None:
    """The project's 6-input benchmark table as the compiler hands it to the network."""
    try:
        from _gen import SIX_INPUTS, random_case, six_input_table, workbook

        from engine import load_rulebase
        from engine.authoring import write_workbook
    except ImportError as exc:
        print(f"(bench/_gen.py pipeline unavailable: {exc})")
        return None
    gen = six_input_table(100, "FIRST", seed=3, name="bench_first")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(workbook([gen]), Path(tmp) / "bench.xlsx")
        rulebase = load_rulebase(path)
    compiled = rulebase.tables["bench_first"][0]
    rng = random.Random(11)
    cases = [compiled.classes(random_case(SIX_INPUTS, rng)) for _ in range(100_000)]
    rulebase.close()
    return compiled.spec, cases


def report_table(
    label: str, spec: TableSpec, cases: Sequence[list[int]], runs: int, singles: int
) -> None:
    started = time.perf_counter()
    network = RuleNetwork([spec])
    built = time.perf_counter() - started
    compiled = network._tables[spec.name].compiled
    layouts = ", ".join(f"{r.layout} ({r.stats.nodes} nodes)" for r in compiled.rulesets)
    renumbered = sum(r is not None for r in compiled.ranks)
    print(f"\n{label}: {len(spec.rows)} rows x {spec.columns} columns, classes "
          f"{min(spec.class_counts)}..{max(spec.class_counts)}, {len(cases):,} cases")
    print(f"  compiled in {built * 1000:.0f} ms wall: {layouts}; {renumbered} column(s) "
          f"renumbered")
    check = cases[: min(len(cases), 20_000)]
    expected = [reference_match(spec, c) for c in check]
    print(f"  matches per case {sum(map(len, expected)) / len(check):.2f}, "
          f"cases matching something {sum(1 for e in expected if e) / len(check):.0%}")

    one = cases[:singles]
    cpu, wall, got = best_of(runs, lambda: [network.match(spec.name, c) for c in one])
    assert got == expected[: len(one)]
    print(f"  match():            {cpu / len(one) * 1e6:8.1f} us/case cpu "
          f"({wall / len(one) * 1e6:.1f} wall)")
    for first in (True, False):
        cpu, wall, got = best_of(
            runs, lambda f=first: network.match_many(spec.name, cases, first_only=f)
        )
        assert got[: len(check)] == ([e[:1] for e in expected] if first else expected)
        name = "FIRST" if first else "all matches"
        print(f"  match_many {name:11s} {len(cases) / cpu:10,.0f} cases/s cpu "
              f"({len(cases) / wall:,.0f} wall)")
    network.close()


def alternatives(spec: TableSpec, cases: Sequence[list[int]], runs: int) -> None:
    """The same table under layouts and encodings that were not chosen."""
    print(f"\n  alternatives on {spec.name} (match_many, all matches / FIRST, cases/s cpu):")
    real = adapter.compile_table
    variants: dict[str, dict[str, Any]] = {
        "chosen": {},
        "no renumbering": {"relabel": False},
        "most selective test first only": {"sharing": (0.0,)},
        "grouped, leaves of 16": {"leaf": 16},
        "grouped, one rule per leaf": {"leaf": 1},
        "one ruleset per 25 rows": {"max_rules": 25},
    }
    for label, options in variants.items():
        adapter.compile_table = lambda s, o=options: real(s, **o)
        try:
            network = RuleNetwork([spec])
        finally:
            adapter.compile_table = real
        rates = []
        for first in (False, True):
            cpu, _, _ = best_of(
                runs, lambda f=first, n=network: n.match_many(spec.name, cases, first_only=f)
            )
            rates.append(f"{len(cases) / cpu:8,.0f}")
        layout = network._tables[spec.name].compiled.rulesets[0].layout
        print(f"    {label:32s} {' / '.join(rates)}   ({layout})")
        network.close()
    for batch in (1, 64, 256):
        network = RuleNetwork([spec], batch=batch)
        cpu, _, _ = best_of(runs, lambda n=network: n.match_many(spec.name, cases))
        print(f"    {'batch of ' + str(batch):32s} {len(cases) / cpu:8,.0f}   (all matches)")
        network.close()


def naive_rules(spec: TableSpec, names: Sequence[str]) -> dict[str, Any]:
    """The obvious encoding: per row, per cell, an ``$or`` of ``class == k``."""
    rules: dict[str, Any] = {}
    for r, row in enumerate(spec.rows):
        terms: list[dict[str, Any]] = []
        for c, cell in enumerate(row):
            if cell is None or len(cell) == spec.class_counts[c]:
                continue
            alternatives = [{names[c]: k} for k in sorted(cell)]
            terms.append(alternatives[0] if len(alternatives) == 1 else {"$or": alternatives})
        condition = {"$and": terms} if len(terms) > 1 else (terms[0] if terms else ALWAYS)
        rules[f"r{r}"] = {"all": [{"m": condition}], "cap": CAP}
    return rules


def naive_figures(spec: TableSpec, cases: Sequence[list[int]], runs: int) -> None:
    """C time per case of the naive encoding next to the chosen one (same cases)."""
    import json

    dre = adapter.dre
    compiled = compile_table(spec)
    naive = naive_rules(spec, compiled.names)
    shadow = Shadow(dict(zip(compiled.names, spec.class_counts, strict=True)))
    for name, rule in naive.items():
        shadow.add_rule(name, rule["all"][0]["m"])
    stats = shadow.stats()
    print(f"\n  naive OR-of-equalities encoding of {spec.name}: {stats}")
    if not stats.within_limits():
        print("    -> beyond the engine's limits (children > 512 hangs rule creation, "
              "stack > 64 is error 303): not run")
        return
    if len(compiled.rulesets) != 1:
        return
    handles = {
        "naive": dre.create_ruleset(f"naive{id(spec)}", json.dumps(naive)),
        "chosen": dre.create_ruleset(f"chosen{id(spec)}", compiled.rulesets[0].definition),
    }
    identity = [range(n) for n in spec.class_counts]
    ranked = [
        range(n) if r is None else r
        for r, n in zip(compiled.ranks, spec.class_counts, strict=True)
    ]
    values = {"naive": value_strings(compiled.names, identity),
              "chosen": value_strings(compiled.names, ranked, compiled.named)}
    render = renderer(spec.columns)
    for label, handle in handles.items():
        chunks = [render(list(enumerate(cases[b : b + 512])), values[label])
                  for b in range(0, len(cases), 512)]

        def run(h: int = handle, chunks: list[str] = chunks) -> float:
            spent = 0.0
            for facts in chunks:
                started = time.process_time()
                _, state = dre.assert_events(h, facts)
                spent += time.process_time() - started
                action = dre.start_action_for_state(h, state)
                while action:
                    action = dre.complete_and_start_action(h, state)
            return spent

        spent = min(run() for _ in range(runs))
        print(f"    {label:8s} C assert_events {spent / len(cases) * 1e6:6.2f} us/case")
    for handle in handles.values():  # both drained: safe to free
        dre.delete_ruleset(handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and runs")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--alternatives", action="store_true")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{len(__import__('os').sched_getaffinity(0))} core(s)")

    own = own_thresholds_table(rows=1000, columns=6, seed=1, name="own-1000")
    report_table("own-1000", own, random_cases(own, 2_000 if args.quick else 10_000),
                 runs, singles=200 if args.quick else 1_000)
    if args.alternatives:
        naive_figures(own, random_cases(own, 500), runs)

    real = bench_table()
    n = 10_000 if args.quick else 100_000
    if real is not None:
        spec, cases = real
        report_table("bench-100 (compiler's classes)", spec, cases[:n], runs, singles=2_000)
        if args.alternatives:
            alternatives(spec, cases[: n // 5], runs)
            naive_figures(spec, cases[: n // 5], runs)
    guide = guideline_table(rows=100, columns=6, seed=2, name="guideline-100")
    report_table("guideline-100", guide, random_cases(guide, n), runs, singles=2_000)
    if args.alternatives and real is None:
        alternatives(guide, random_cases(guide, n // 5), runs)


if __name__ == "__main__":
    main()
