"""The warm start: ``imr decide cases/seed.yaml`` cold, warm and with the cache off.

Each run is a fresh process (``python -c 'from imr.cli import main; main()' decide CASE``)
started in the checkout ``--root`` (default: this one), whose modules it imports, so an
older commit unpacked elsewhere (``git archive``) is measured the same way.  Modes,
interleaved run by run: ``warm`` (the cache filled by one run before), ``cold`` (an empty
cache folder each run: reads and writes every entry) and ``off`` (``IMR_CACHE_DIR=off``).
Wall time, and CPU time (user + sys of the child, which other jobs on the machine do not
inflate as they do the wall time).  One run of each mode first, not counted, writes the
``.pyc`` files (``PYTHONDONTWRITEBYTECODE`` is unset for the runs).  Target (issue 15): warm under 0.35 s wall on the
2-core machine; cold no slower than before.

    .venv/bin/python bench/warm_start.py [--quick] [--runs N] [--root DIR [--root DIR]] [--modes warm,cold,off]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _gen import ROOT, median, print_machine, print_table

TARGET_S = 0.35
COMMAND = "import sys; from imr.cli import main; sys.argv[0] = 'imr'; main()"
MODES = ("warm", "cold", "off")


def run_once(root: Path, case: str, tables: str, cache: str) -> tuple[float, float]:
    """One ``imr decide``: (wall seconds, CPU seconds of the child)."""
    env = {**os.environ, "IMR_CACHE_DIR": cache, "PYTHONPATH": str(root)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user runs it: modules from their .pyc
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", COMMAND, "decide", case, "--tables", tables],
                          cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):  # 2: an item could not be decided, still a full run
        raise SystemExit(f"imr decide failed ({done.returncode}): {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each mode: a smoke test")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--root", type=Path, action="append",
                        help="a checkout to run (default: this one); give it twice to compare two, run by run")
    parser.add_argument("--case", default="cases/seed.yaml")
    parser.add_argument("--tables", default="tables")
    parser.add_argument("--modes", default=",".join(MODES), help="a comma-separated subset of warm,cold,off")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    modes = [m for m in args.modes.split(",") if m]
    if not set(modes) <= set(MODES):
        parser.error(f"--modes: choose from {', '.join(MODES)}")
    roots = [r.resolve() for r in args.root or [ROOT]]

    print_machine()
    print(f"roots: {', '.join(map(str, roots))}; case: {args.case}, tables: {args.tables}; "
          f"{runs} runs of each mode, interleaved\n")
    kinds = [(root, mode) for root in roots for mode in modes]
    samples: dict[tuple[Path, str], list[tuple[float, float]]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        def cache(root: Path, mode: str, run: str) -> str:
            return "off" if mode == "off" else str(Path(tmp) / f"{roots.index(root)}-{mode}-{run}")

        for root, mode in kinds:  # writes the .pyc files of the modules each mode imports; fills the warm caches
            run_once(root, args.case, args.tables, cache(root, mode, "first"))
        for i in range(runs):
            for root, mode in kinds:
                run = "first" if mode == "warm" else str(i)
                samples[root, mode].append(run_once(root, args.case, args.tables, cache(root, mode, run)))

    rows = []
    for root, mode in kinds:
        walls, cpus = [s[0] for s in samples[root, mode]], [s[1] for s in samples[root, mode]]
        label = mode if len(roots) == 1 else f"{mode}, {root}"
        rows.append((label, f"{min(walls):.3f}", f"{median(walls):.3f}", f"{max(walls):.3f}",
                     f"{min(cpus):.3f}", f"{median(cpus):.3f}", f"{max(cpus):.3f}"))
    print_table(("mode", "wall best s", "wall median s", "wall worst s", "CPU best s", "CPU median s",
                 "CPU worst s"), rows)
    print("load avg after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for root in roots:
        if "warm" in modes:
            best = min(s[0] for s in samples[root, "warm"])
            print(f"warm, best wall: {best:.3f} s ({'under' if best < TARGET_S else 'over'} the {TARGET_S} s target)"
                  + (f", {root}" if len(roots) > 1 else ""))


if __name__ == "__main__":
    main()
