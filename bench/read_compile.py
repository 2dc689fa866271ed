"""Read + compile a 1,000-row workbook: how long ``load_rulebase`` takes.

The workbook is generated with the writer into a temporary folder: one FIRST table of
1,000 rules over 6 inputs of mixed types (numbers with one threshold per rule, integer
intervals, an enumeration, a boolean, integer counts), a citation and a rationale per
rule.  ``load_rulebase`` (read with openpyxl + compile into the rule network) is timed
over several runs, each in the same process; the read and compile halves, and the two
parts of compiling (value classes and rows; the durable-rules rulesets), are timed apart
too.  Target: under 1 s.

    .venv/bin/python bench/read_compile.py [--quick] [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

from _gen import median, p95, print_machine, print_table, six_input_table, workbook

from engine import compile_rulebase, load_rulebase
from engine.authoring import write_workbook
from engine.compiler.compiled_table import compile_table
from engine.reader import read_workbook
from engine.rete.durable_adapter import RuleNetwork

TARGET_S = 1.0


def timed(fn, *args):
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 runs: a smoke test")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs

    print_machine()
    table = six_input_table(args.rows, "FIRST", name="bench_read_compile")
    with tempfile.TemporaryDirectory() as tmp:
        write_s, path = timed(write_workbook, workbook([table]), Path(tmp) / "bench.xlsx")
        size_kb = path.stat().st_size / 1024
        print(f"workbook: {args.rows} rules x {len(table.columns)} inputs, {size_kb:.0f} KB, "
              f"written in {write_s:.2f} s\n")

        loads, reads, compiles, tables, networks = [], [], [], [], []
        for _ in range(runs):
            seconds, rulebase = timed(load_rulebase, path)
            loads.append(seconds)
            rulebase.close()
            seconds, book = timed(read_workbook, path)
            reads.append(seconds)
            seconds, rulebase = timed(compile_rulebase, [book])
            compiles.append(seconds)
            rulebase.close()
            # the two halves of compiling, apart: value classes, then the rule network
            seconds, compiled = timed(compile_table, book.tables[0], "bench@apart")
            tables.append(seconds)
            seconds, network = timed(RuleNetwork, [compiled.spec])
            networks.append(seconds)
            network.close()

    compiled = rulebase.tables[table.name][0]
    classes = [c.classes.count for c in compiled.columns]
    print(f"value classes per input column: {classes}\n")
    rows = [
        ("load_rulebase (read + compile)", *_figures(loads)),
        ("  read_workbook", *_figures(reads)),
        ("  compile_rulebase", *_figures(compiles)),
        ("    compile_table (value classes, rows)", *_figures(tables)),
        ("    RuleNetwork (durable-rules rulesets)", *_figures(networks)),
    ]
    print(f"{runs} runs, seconds")
    print_table(("step", "median", "p95", "min"), rows)
    verdict = "met" if median(loads) < TARGET_S else "MISSED"
    print(f"target: load_rulebase under {TARGET_S:.0f} s (median) -> {verdict}")


def _figures(samples: list[float]) -> tuple[str, str, str]:
    return f"{median(samples):.3f}", f"{p95(samples):.3f}", f"{min(samples):.3f}"


if __name__ == "__main__":
    main()
