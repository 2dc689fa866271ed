"""Static analysis of a 1,000-row table: how long ``analyse_table`` takes.

One generated table of 1,000 rules over 6 inputs of mixed types (a number with one
threshold per rule, an integer interval, another number threshold, an enumeration of 5,
a boolean, an integer count), each cell ``-`` with probability ``dash``.  Four variants:
FIRST and UNIQUE, with dashes at 35% (the mix of ``bench/read_compile.py``) and at 10%
(specific rows: covering the grid takes many rows together, the hardest case for the
shadowed-row and gap searches).  Per variant ``analyse_table`` (domains, grid, every
row check, gaps) is timed over several runs in one process; ``validate --static`` on the
workbook (read with openpyxl + every static check) is timed once.  Target: analysis
under 2 s.  The table is generated with a fixed seed, so every run measures the same work.

    .venv/bin/python bench/validate_1000.py [--quick] [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.authoring import FactSpec, GuidelineSpec, RuleSpec, TableSpec, WorkbookSpec, write_workbook  # noqa: E402
from engine.reader import read_workbook  # noqa: E402
from engine.validation.runner import validate  # noqa: E402
from engine.validation.table_checks import analyse_table  # noqa: E402

TARGET_S = 2.0
REGIONS = ("lumbar", "cervical", "thoracic", "knee", "shoulder")
FACTS = (
    FactSpec(name="claimant.age", type="number"),
    FactSpec(name="sessions_requested", type="integer"),
    FactSpec(name="dose_mg", type="number"),
    FactSpec(name="body_region", type="enumeration", allowed_values=",".join(f'"{r}"' for r in REGIONS)),
    FactSpec(name="prior_surgery", type="boolean"),
    FactSpec(name="weeks_since_injury", type="integer"),
    FactSpec(name="bench.outcome", type="text"),
)


def _cell(column: int, rng: random.Random) -> str:
    tenth = lambda low, high: rng.randrange(low * 10, high * 10) / 10  # noqa: E731
    if column in (0, 2):
        low, high = (18, 80) if column == 0 else (0, 200)
        return f"{rng.choice(('<', '<=', '>', '>='))} {tenth(low, high)}"
    if column == 1:
        a, b = sorted(rng.sample(range(0, 41), 2))
        return f"{rng.choice('[(')}{a}..{b}{rng.choice('])')}"
    if column == 3:
        return ",".join(f'"{v}"' for v in rng.sample(REGIONS, rng.choice((1, 2))))
    if column == 4:
        return rng.choice(("true", "false"))
    if rng.random() < 0.5:
        return str(rng.randint(0, 52))
    a, b = sorted(rng.sample(range(0, 53), 2))
    return f"[{a}..{b}]"


def workbook(rows: int, policy: str, dash: float, seed: int = 1) -> WorkbookSpec:
    rng = random.Random(seed)
    rules = tuple(
        RuleSpec(inputs=tuple("-" if rng.random() < dash else _cell(c, rng) for c in range(6)),
                 outputs=(f'"R{n}"',), citation=f"Bench Guideline, section {n}", rationale=f"rule {n}")
        for n in range(1, rows + 1)
    )
    table = TableSpec(name="bench_validate", hit_policy=policy, inputs=tuple(f.name for f in FACTS[:6]),
                      outputs=("bench.outcome",), rules=rules)
    return WorkbookSpec(
        guideline=GuidelineSpec(id="bench", title="Generated", citation="bench", edition="1",
                                effective_from="2010-01-01"),
        facts=FACTS, tables=(table,),
    )


def machine() -> list[tuple[str, str]]:
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "engine/validation"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return [
        ("date", dt.date.today().isoformat()), ("nproc", str(os.cpu_count())), ("cpu", cpu),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("engine", commit + (" + uncommitted changes in engine/validation/" if dirty else "")),
        ("load avg", " ".join(f"{x:.2f}" for x in os.getloadavg())),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 runs of the 35%% FIRST table: a smoke test")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    variants = [("FIRST", 0.35)] if args.quick else [("FIRST", 0.35), ("UNIQUE", 0.35), ("FIRST", 0.10),
                                                     ("UNIQUE", 0.10)]
    for key, value in machine():
        print(f"{key:>9}: {value}")
    print()
    print("| table | analyse_table median | min | max | validate --static (read + checks) | findings |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for policy, dash in variants:
        spec = workbook(args.rows, policy, dash)
        with tempfile.TemporaryDirectory() as tmp:
            path = write_workbook(spec, Path(tmp) / "bench.xlsx")
            book = read_workbook(path)
            table = book.tables[0]
            seconds = []
            for _ in range(runs):
                gc.collect()
                start = time.perf_counter()
                findings = analyse_table(table, book.facts)
                seconds.append(time.perf_counter() - start)
            gc.collect()
            start = time.perf_counter()
            validate(path, static=True)
            whole = time.perf_counter() - start
        counts = ", ".join(f"{n} {check}" for check, n in Counter(f.check for f in findings).most_common())
        median = statistics.median(seconds)
        worst = max(worst, median)
        print(f"| {args.rows} rows, {policy}, {dash:.0%} `-` | {median:.2f} s | {min(seconds):.2f} s | "
              f"{max(seconds):.2f} s | {whole:.2f} s | {counts} |")
    print()
    print(f"target: analysis under {TARGET_S:.0f} s; slowest median {worst:.2f} s: "
          f"{'met' if worst < TARGET_S else 'NOT met'}")


if __name__ == "__main__":
    main()
