"""Batch throughput on the anchor table: 6 inputs, 100 and 1,000 rules, 100,000 cases.

The same generated rules are run as a FIRST table and as a COLLECT table by

- our engine's batch path, ``engine.runtime.batch.decide_many``: given the cases as plain
  Python values (checked against the glossary and converted, as a caller's corpus would
  come) and given FEEL values with ``checked=False``;
- zen-engine (GoRules, Rust) with its batch API ``ZenEngine.evaluate_batch`` on the same
  table written as a JDM decision graph;
- a numpy value-class bitset (``bench/_bitset.py``) on the same compiled table, from the
  same plain values: the yardstick of issue 15;
- a plain-Python reference over the parsed S-FEEL cells (``tests.matches(value)``,
  memoised per distinct value of a column), which checks every result of the others.

The contenders take turns within each round.  cases/s is the median round (wall clock);
"per CPU s" counts the process's CPU time instead, which load from other processes does
not inflate; cpu/wall above 1 means more than one core was used.  Where our time goes:
the CPU time of ``decide_many``'s steps (value classes and dedupe, one ``match_many``
call on the distinct class tuples, the rest), each timed alone.  Targets (issue 15): ours
(plain values) at least 2x zen-engine's batch and at least 0.1x the numpy bitset.

    .venv/bin/python bench/batch.py [--quick] [--cases N] [--runs N] [--rows 100,1000] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import io
import pstats
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import zen
from _bitset import NumpyBitset
from _gen import (
    SIX_INPUTS,
    GenTable,
    median,
    print_machine,
    print_table,
    random_case,
    six_input_table,
    to_json_value,
    workbook,
    zen_context,
)

from engine import load_rulebase
from engine.authoring import write_workbook
from engine.compiler.rulebase import Rulebase
from engine.runtime.batch import decide_many
from engine.runtime.batch_classes import BatchClassifier

AS_OF = dt.date(2024, 1, 1)
OURS = "ours, decide_many (plain values)"
OURS_FEEL = "ours, decide_many (FEEL values, checked=False)"
ZEN = "zen-engine, evaluate_batch"
NUMPY = "numpy value-class bitset"


# --- our engine -----------------------------------------------------------------------------


class Ours:
    """``decide_many`` on one table: the values of the results."""

    def __init__(self, rulebase: Rulebase, name: str, checked: bool) -> None:
        self.rulebase, self.name, self.checked = rulebase, name, checked

    def run(self, cases: list[dict[str, Any]]) -> list[Any]:
        results = decide_many(self.rulebase, self.name, cases, AS_OF, checked=self.checked)
        return [r.value for r in results]


def phases(rulebase: Rulebase, name: str, plain: list[dict[str, Any]], runs: int) -> dict[str, float]:
    """Median CPU seconds of the steps of ``decide_many(checked=True)``, each run alone."""
    compiled = rulebase.tables[name][0]
    first_only = compiled.table.hit_policy.value == "FIRST"
    _, distinct = BatchClassifier(compiled, rulebase.facts, checked=True).tuples(plain)
    steps: dict[str, Callable[[], Any]] = {
        "classes": lambda: BatchClassifier(compiled, rulebase.facts, checked=True).tuples(plain),
        "match": lambda: rulebase.network.match_many(compiled.key, distinct, first_only=first_only),
        "total": lambda: decide_many(rulebase, name, plain, AS_OF),
    }
    spent: dict[str, list[float]] = {step: [] for step in steps}
    for _ in range(runs):
        for step, fn in steps.items():
            gc.collect()
            start = time.process_time()
            fn()
            spent[step].append(time.process_time() - start)
    result = {step: median(times) for step, times in spent.items()}
    result["rest"] = result["total"] - result["classes"] - result["match"]
    result["distinct"] = float(len(distinct))
    return result


# --- zen-engine ------------------------------------------------------------------------------


class Zen:
    def __init__(self, gen: GenTable) -> None:
        # The static loader: a Python loader callback returning the JSON text is parsed
        # again per request (about 1,300 cases/s for this table, 25x slower).
        self.engine = zen.ZenEngine({"loader": {"type": "static",
                                                "content": {gen.name: gen.jdm()}}})
        self.field = gen.output_label
        self.collect = gen.policy == "COLLECT"

    def value(self, result: Any) -> Any:
        if self.collect:
            return [r[self.field] for r in result]
        return result.get(self.field)

    def batch(self, requests: list[Any]) -> list[Any]:
        answers = self.engine.evaluate_batch(requests)
        bad = next((a for a in answers if not a.get("success")), None)
        if bad is not None:
            raise RuntimeError(f"zen-engine: {bad.get('error')}")
        return [self.value(a["data"]["result"]) for a in answers]


# --- the reference ---------------------------------------------------------------------------


def reference_matches(rulebase: Rulebase, gen: GenTable, envs: list[dict[str, Any]]) -> list[int]:
    """Per case, the bitmask of the rules whose every parsed cell accepts its value.

    Each cell is tested with ``tests.matches(value)`` once per distinct value of its
    column; a case's mask is the AND of its columns' rule masks.
    """
    parsed = rulebase.table(gen.name)
    masks: list[dict[Any, int]] = [{} for _ in parsed.inputs]
    found = []
    for env in envs:
        bits = (1 << len(parsed.rules)) - 1
        for c, column in enumerate(parsed.inputs):
            value = env[column.fact]
            key = (type(value), value)
            mask = masks[c].get(key)
            if mask is None:
                mask = sum(1 << r for r, rule in enumerate(parsed.rules)
                           if rule.inputs[c].tests.matches(value))
                masks[c][key] = mask
            bits &= mask
        found.append(bits)
    return found


def reference(gen: GenTable, matches: list[int]) -> list[Any]:
    """Per case: the output of the first matching rule (FIRST) or of all (COLLECT)."""
    outputs = [out for _, out in gen.rules]
    results: list[Any] = []
    for bits in matches:
        if gen.policy != "COLLECT":
            results.append(outputs[(bits & -bits).bit_length() - 1] if bits else None)
            continue
        hits = []
        while bits:
            low = bits & -bits
            hits.append(outputs[low.bit_length() - 1])
            bits ^= low
        results.append(hits)
    return results


def compare(label: str, got: list[Any], want: list[Any], envs: list[dict[str, Any]]) -> str:
    if len(got) != len(want):
        return f"{label}: {len(got)} results for {len(want)} cases"
    wrong = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    if not wrong:
        return ""
    shown = "; ".join(f"case {i} {envs[i]}: got {got[i]!r}, want {want[i]!r}" for i in wrong[:3])
    return f"{label}: {len(wrong)} of {len(want)} wrong, e.g. {shown}"


# --- timing ----------------------------------------------------------------------------------


@dataclass
class Timing:
    n: int  # cases per run
    result: list[Any] = field(default_factory=list)  # the last run's results
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.n / median(self.walls)

    @property
    def cpu_rate(self) -> float:
        return self.n / median(self.cpus)

    def figures(self) -> tuple[str, str, str, str]:
        """cases/s (median run, best run), cases per CPU second, cpu/wall."""
        wall, cpu = median(self.walls), median(self.cpus)
        return (f"{self.n / wall:,.0f}", f"{self.n / min(self.walls):,.0f}",
                f"{self.n / cpu:,.0f}", f"{cpu / wall:.2f}")


def interleaved(contenders: dict[str, Callable[[], list[Any]]], n: int,
                runs: int) -> dict[str, Timing]:
    """One untimed warm-up run each (it fills the value-class memo of the compiled table
    and zen-engine's caches), then ``runs`` rounds taking turns, so that a burst of load
    from another process falls on all alike."""
    timings = {label: Timing(n, fn()) for label, fn in contenders.items()}
    labels = list(contenders)
    for round_ in range(runs):
        for label in labels if round_ % 2 == 0 else labels[::-1]:
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            timings[label].result = contenders[label]()
            timings[label].walls.append(time.perf_counter() - wall)
            timings[label].cpus.append(time.process_time() - cpu)
    return timings


def profile(ours: Ours, cases: list[dict[str, Any]], top: int = 12) -> str:
    profiler = cProfile.Profile()
    profiler.runcall(ours.run, cases)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    return "\n".join(line.replace(str(Path.cwd()) + "/", "") for line in lines[start:] if line)


# --- one table size ----------------------------------------------------------------------------


@dataclass
class Outcome:
    rows: list[tuple[Any, ...]] = field(default_factory=list)  # the figures table
    targets: list[tuple[Any, ...]] = field(default_factory=list)
    phases: list[tuple[Any, ...]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)


def measure(rows: int, envs: list[dict[str, Any]], plain: list[dict[str, Any]],
            contexts: list[dict[str, Any]], runs: int, with_profile: bool, out: Outcome) -> None:
    first = six_input_table(rows, "FIRST", seed=3, name="bench_first")
    gens = {
        "FIRST": first,
        "COLLECT": dataclasses.replace(first, name="bench_collect", policy="COLLECT",
                                       output="bench.collected"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(workbook(list(gens.values())), Path(tmp) / "batch.xlsx")
        rulebase = load_rulebase(path)
    n = len(envs)
    matches = reference_matches(rulebase, first, envs)
    for policy, gen in gens.items():
        want = reference(gen, matches)
        hits = sum(len(w) for w in want) if policy == "COLLECT" else sum(w is not None for w in want)
        print(f"{rows} rows, {policy}: {hits:,} {'rule matches' if policy == 'COLLECT' else 'cases matched'}")
        checked, unchecked, engine = (Ours(rulebase, gen.name, True),
                                      Ours(rulebase, gen.name, False), Zen(gen))
        bitset = NumpyBitset(rulebase.tables[gen.name][0], rulebase.facts,
                             [o for _, o in gen.rules], collect=policy == "COLLECT")
        requests: list[Any] = [{"key": gen.name, "context": c} for c in contexts]
        timings = interleaved({
            OURS: partial(checked.run, plain),
            OURS_FEEL: partial(unchecked.run, envs),
            ZEN: partial(engine.batch, requests),
            NUMPY: partial(bitset.run, plain),
        }, n, runs)
        for label, timing in timings.items():
            out.problems.append(compare(f"{label} {rows} rows {policy}", timing.result, want, envs))
            out.rows.append((rows, label, policy, *timing.figures()))
        ours, zen_, np_ = timings[OURS], timings[ZEN], timings[NUMPY]
        x_zen, x_zen_cpu = ours.rate / zen_.rate, ours.cpu_rate / zen_.cpu_rate
        x_np, x_np_cpu = ours.rate / np_.rate, ours.cpu_rate / np_.cpu_rate
        met = "yes" if min(x_zen, x_zen_cpu) >= 2 and min(x_np, x_np_cpu) >= 0.1 else "**no**"
        out.targets.append((rows, policy, f"{ours.rate:,.0f}", f"{zen_.rate:,.0f}",
                            f"{x_zen:.2f}x / {x_zen_cpu:.2f}x", f"{np_.rate:,.0f}",
                            f"{x_np:.3f}x / {x_np_cpu:.3f}x", met))
        steps = phases(rulebase, gen.name, plain, runs)
        total = steps["total"]
        out.phases.append((rows, policy, f"{steps['distinct']:,.0f}",
                           *(f"{steps[k]:.3f} ({100 * steps[k] / total:.0f}%)"
                             for k in ("classes", "match", "rest")),
                           f"{total:.3f}", f"{1e6 * steps['match'] / steps['distinct']:.1f}"))
        if with_profile:
            text = profile(checked, plain[:20_000])
            out.profiles.append(f"cProfile of {OURS}, {rows} rows {policy}, "
                                f"{min(n, 20_000):,} cases, top functions by own time\n{text}\n")
    rulebase.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cases, 1 run")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", default="100,1000", help="table sizes, comma-separated")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of ours")
    args = parser.parse_args()
    n_cases, runs = (10_000, 1) if args.quick else (args.cases, args.runs)
    sizes = [int(r) for r in args.rows.split(",")]

    print_machine()
    rng = random.Random(11)
    envs = [random_case(SIX_INPUTS, rng) for _ in range(n_cases)]
    plain = [{name: to_json_value(v) for name, v in env.items()} for env in envs]
    contexts = [zen_context(env) for env in envs]
    print(f"{n_cases:,} cases, {'/'.join(map(str, sizes))} rules x {len(SIX_INPUTS)} inputs, "
          f"{runs} run(s) per figure\n")
    out = Outcome()
    for rows in sizes:
        measure(rows, envs, plain, contexts, runs, args.profile, out)

    print()
    print_table(("rows", "engine", "policy", "cases/s", "best run", "per CPU s", "cpu/wall"), out.rows)
    print("targets: ours (plain values) >= 2x zen-engine batch and >= 0.1x the numpy bitset, "
          "medians (wall clock / per CPU s)")
    print_table(("rows", "policy", "ours cases/s", "zen-engine cases/s", "ours / zen-engine",
                 "numpy cases/s", "ours / numpy", "met?"), out.targets)
    print(f"where {OURS} spends its time: CPU seconds per {n_cases:,} cases (median)")
    print_table(("rows", "policy", "distinct class tuples", "value classes + dedupe",
                 "match (match_many, distinct tuples)", "outputs, hit policy, fan-out (the rest)",
                 "total", "us per match"), out.phases)
    for text in out.profiles:
        print(text)
    problems = [p for p in out.problems if p]
    if problems:
        print("\nWRONG RESULTS:\n  " + "\n  ".join(problems))
    else:
        print("\nresults: every result of every contender matches the reference")


if __name__ == "__main__":
    main()
