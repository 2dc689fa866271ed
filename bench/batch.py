"""Batch throughput: one 100-rule, 6-input table, 100,000 cases, outcomes only.

The same generated rules are run as a FIRST table and as a COLLECT table by

- our engine's batch path, ``engine.runtime.batch.decide_many``: given the cases as plain
  Python values (checked against the glossary and converted, as a caller's corpus would
  come) and given FEEL values with ``checked=False``;
- zen-engine (GoRules, Rust) with its batch API ``ZenEngine.evaluate_batch`` on the same
  table written as a JDM decision graph (and, for scale, one ``ZenDecision.evaluate``
  call per case on a slice of the cases);
- a plain-Python reference over the parsed S-FEEL cells (``tests.matches(value)``,
  memoised per distinct value of a column), which checks every result of both engines.

The engines take turns within each round.  cases/s is the median round (wall clock);
"per CPU s" counts the process's CPU time instead, which load from other processes does
not inflate; cpu/wall above 1 means more than one core was used.  Where our time goes:
the CPU time of the steps ``decide_many`` takes (fact conversion, value classes, one
``match_many`` call), each timed alone on the same cases, the rest (outputs and hit
policy) by difference; and a cProfile.  Target: at least zen-engine's batch throughput.

    .venv/bin/python bench/batch.py [--quick] [--cases N] [--runs N]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import datetime as dt
import gc
import io
import json
import pstats
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zen
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
from engine.runtime.batch import decide_many
from engine.runtime.facts import normalize_facts

ROWS = 100
AS_OF = dt.date(2024, 1, 1)
PER_CASE_SLICE = 10_000  # cases for zen-engine's one-call-per-case figure
OURS = "ours, decide_many (plain values)"
OURS_FEEL = "ours, decide_many (FEEL values, checked=False)"
ZEN = "zen-engine, evaluate_batch"


# --- our engine -----------------------------------------------------------------------------


class Ours:
    """``decide_many`` on one table: the values of the results."""

    def __init__(self, rulebase, name: str, checked: bool) -> None:
        self.rulebase, self.name, self.checked = rulebase, name, checked

    def run(self, cases: list[dict[str, Any]]) -> list[Any]:
        results = decide_many(self.rulebase, self.name, cases, AS_OF, checked=self.checked)
        return [r.value for r in results]


def phases(rulebase, name: str, plain: list[dict[str, Any]], runs: int) -> dict[str, float]:
    """Median CPU seconds of the steps of ``decide_many(checked=True)``, each run alone."""
    compiled = rulebase.tables[name][0]
    first_only = compiled.table.hit_policy.value == "FIRST"
    envs = [normalize_facts(c, rulebase.facts) for c in plain]
    classes = [compiled.classes(env) for env in envs]
    steps = {
        "convert": lambda: [normalize_facts(c, rulebase.facts) for c in plain],
        "classify": lambda: [compiled.classes(env) for env in envs],
        "match": lambda: rulebase.network.match_many(compiled.key, classes,
                                                     first_only=first_only),
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
    result["outputs"] = result["total"] - result["convert"] - result["classify"] - result["match"]
    return result


# --- zen-engine ------------------------------------------------------------------------------


class Zen:
    def __init__(self, gen: GenTable) -> None:
        # The static loader: a Python loader callback returning the JSON text is parsed
        # again per request (about 1,300 cases/s for this table, 25x slower).
        self.engine = zen.ZenEngine({"loader": {"type": "static",
                                                "content": {gen.name: gen.jdm()}}})
        self.decision = self.engine.create_decision(json.dumps(gen.jdm()))
        self.field = gen.output_label
        self.collect = gen.policy == "COLLECT"

    def value(self, result: Any) -> Any:
        if self.collect:
            return [r[self.field] for r in result]
        return result.get(self.field)

    def batch(self, requests: list[dict[str, Any]]) -> list[Any]:
        answers = self.engine.evaluate_batch(requests)
        bad = next((a for a in answers if not a.get("success")), None)
        if bad is not None:
            raise RuntimeError(f"zen-engine: {bad.get('error')}")
        return [self.value(a["data"]["result"]) for a in answers]

    def per_case(self, contexts: list[dict[str, Any]]) -> list[Any]:
        return [self.value(self.decision.evaluate(c)["result"]) for c in contexts]


# --- the reference ---------------------------------------------------------------------------


def reference(rulebase, gen: GenTable, envs: list[dict[str, Any]]) -> list[Any]:
    """Per case: the output of the first matching rule (FIRST) or of all (COLLECT).

    Each parsed cell is tested with ``tests.matches(value)`` once per distinct value of
    its column; a case's matching rules are the AND of its columns' rule bitmasks.
    """
    parsed = rulebase.table(gen.name)
    outputs = [out for _, out in gen.rules]
    masks: list[dict[Any, int]] = [{} for _ in parsed.inputs]
    results = []
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
        hits = [outputs[r] for r in range(len(outputs)) if bits >> r & 1]
        results.append(hits if gen.policy == "COLLECT" else (hits[0] if hits else None))
    return results


def compare(label: str, got: list[Any], want: list[Any], envs: list[dict[str, Any]]) -> str:
    wrong = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    if len(got) != len(want):
        return f"{label}: {len(got)} results for {len(want)} cases"
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

    def figures(self) -> tuple[str, str, str, str]:
        """cases/s (median run, best run), cases per CPU second, cpu/wall."""
        wall, cpu = median(self.walls), median(self.cpus)
        return (f"{self.n / wall:,.0f}", f"{self.n / min(self.walls):,.0f}",
                f"{self.n / cpu:,.0f}", f"{cpu / wall:.2f}")


def interleaved(contenders: dict[str, Callable[[], list[Any]]], n: int,
                runs: int) -> dict[str, Timing]:
    """One untimed warm-up run each (it fills our value-class memo and zen-engine's
    caches), then ``runs`` rounds taking turns, so that a burst of load from another
    process falls on both engines alike."""
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 cases, 1 run")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n_cases, runs = (10_000, 1) if args.quick else (args.cases, args.runs)

    print_machine()
    first = six_input_table(ROWS, "FIRST", seed=3, name="bench_first")
    gens = {
        "FIRST": first,
        "COLLECT": dataclasses.replace(first, name="bench_collect", policy="COLLECT",
                                       output="bench.collected"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(workbook(list(gens.values())), Path(tmp) / "batch.xlsx")
        rulebase = load_rulebase(path)
    rng = random.Random(11)
    envs = [random_case(SIX_INPUTS, rng) for _ in range(n_cases)]
    plain = [{name: to_json_value(v) for name, v in env.items()} for env in envs]
    contexts = [zen_context(env) for env in envs]
    print(f"{n_cases:,} cases, {ROWS} rules x {len(SIX_INPUTS)} inputs, "
          f"{runs} run(s) per figure\n")

    rows, problems, spent, profiles, rates = [], [], {}, {}, {}
    for policy, gen in gens.items():
        want = reference(rulebase, gen, envs)
        hits = sum(len(w) for w in want) if policy == "COLLECT" else sum(w is not None
                                                                        for w in want)
        print(f"{policy}: {hits:,} {'rule matches' if policy == 'COLLECT' else 'cases matched'}")

        checked, unchecked, engine = (Ours(rulebase, gen.name, True),
                                      Ours(rulebase, gen.name, False), Zen(gen))
        requests = [{"key": gen.name, "context": c} for c in contexts]
        some = contexts[:PER_CASE_SLICE]
        timings = interleaved({
            OURS: lambda o=checked: o.run(plain),
            OURS_FEEL: lambda o=unchecked: o.run(envs),
            ZEN: lambda e=engine, r=requests: e.batch(r),
        }, n_cases, runs)
        timings |= interleaved({
            f"zen-engine, evaluate per case ({len(some):,} cases)":
                lambda e=engine, s=some: e.per_case(s),
        }, len(some), 1)
        for label, timing in timings.items():
            problems.append(compare(f"{label} {policy}", timing.result, want[:timing.n], envs))
            rows.append((label, policy, *timing.figures()))
        rates[policy] = {label: n_cases / median(timings[label].walls)
                         for label in (OURS, OURS_FEEL, ZEN)}
        spent[policy] = phases(rulebase, gen.name, plain, runs)
        profiles[policy] = profile(checked, plain[:20_000])
    rulebase.close()

    print()
    print_table(("engine", "policy", "cases/s", "best run", "per CPU s", "cpu/wall"), rows)

    print(f"where {OURS} spends its time: CPU seconds per {n_cases:,} cases (median)")
    phase_rows = []
    for policy, steps in spent.items():
        total = steps["total"]
        phase_rows.append((policy, *(f"{steps[k]:.3f} ({100 * steps[k] / total:.0f}%)"
                                     for k in ("convert", "classify", "match", "outputs")),
                           f"{total:.3f}"))
    print_table(("policy", "convert (normalize_facts)", "classify (value classes)",
                 "match (match_many)", "outputs, hit policy (the rest)", "total"), phase_rows)
    for policy, text in profiles.items():
        print(f"cProfile of {OURS}, {policy}, {min(n_cases, 20_000):,} cases, "
              "top functions by own time")
        print(text + "\n")

    for policy, rate in rates.items():
        for label in (OURS, OURS_FEEL):
            verdict = "met" if rate[label] >= rate[ZEN] else "MISSED"
            print(f"target {policy}: {label} {rate[label]:,.0f} >= zen-engine batch "
                  f"{rate[ZEN]:,.0f} cases/s (medians) -> {verdict}")
    problems = [p for p in problems if p]
    if problems:
        print("\nWRONG RESULTS:\n  " + "\n  ".join(problems))
    else:
        print("\nresults: every result of both engines matches the reference")


if __name__ == "__main__":
    main()
