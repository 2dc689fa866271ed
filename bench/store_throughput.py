"""Decisions per second the review store takes with 1, 5 and 20 writer processes (run by hand).

    .venv/bin/python bench/store_throughput.py                              # PostgreSQL on 127.0.0.1, 10 s each
    .venv/bin/python bench/store_throughput.py --db postgresql://u@host/db --seconds 30 --writers 1 5 20
    .venv/bin/python bench/store_throughput.py --db sqlite                  # the SQLite store, for comparison

Each writer is a process of its own with its own store (a reviewer's ``imr review``); it
decides the items of a case of its own as a session does (the ``seen`` check, ``before``
read, the case's hash chain extended, one committed transaction per decision) for
``--seconds``, and counts what ``append`` returned.  The PostgreSQL run uses a fresh schema
(``bench_<random>``), dropped afterwards; ``--db sqlite`` a fresh file in a temporary folder.
The figures are in docs/performance.md; nothing here is a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import secrets
import statistics
import tempfile
import time
from pathlib import Path

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/postgres"


def writer(location: str, case: str, seconds: float, start_at: float, counts: multiprocessing.Queue) -> None:
    from review import NewEntry, open_store

    store = open_store(location)
    seen, n = 0, 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    while time.monotonic() < deadline:
        began = time.perf_counter()
        entry = store.append(NewEntry(
            case=case, case_file=f"{case}.yaml", item=n % 3, request="r", kind="override" if n % 2 else "decision",
            after={"outcome": "Upheld" if n % 2 else "Overturned", "reason": f"reason {n}", "proposed": "Overturned"},
            reviewer=f"dr-{case}", workbook_hash="h" * 64, engine_version="0"), seen=seen)
        latencies.append(time.perf_counter() - began)
        seen, n = entry.id, n + 1
    store.close()
    counts.put((n, latencies))


def run(location: str, writers: int, seconds: float) -> tuple[float, float, float]:
    """(decisions per second, median and 95th-percentile latency in ms) with ``writers`` processes."""
    context = multiprocessing.get_context("fork")
    counts: multiprocessing.Queue = context.Queue()
    start_at = time.time() + 1.0 + 0.05 * writers  # every process connected before the clock starts
    run_id = secrets.token_hex(3)
    processes = [context.Process(target=writer, args=(location, f"BENCH-{run_id}-{w:02d}", seconds, start_at, counts))
                 for w in range(writers)]
    for process in processes:
        process.start()
    results = [counts.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    total = sum(n for n, _ in results)
    latencies = sorted(lat for _, lats in results for lat in lats)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    return total / seconds, statistics.median(latencies) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="postgresql://... (a role that may create a schema), "
                                                        "or 'sqlite' for a temporary SQLite file")
    parser.add_argument("--writers", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    schema = f"bench_{secrets.token_hex(4)}"
    folder = tempfile.TemporaryDirectory()
    if args.db == "sqlite":
        location = str(Path(folder.name) / "bench.sqlite3")
    else:
        location = f"{args.db}{'&' if '?' in args.db else '?'}schema={schema}&roles=imr_bench"
    from review import open_store

    open_store(location).close()  # created once, before the writers
    print(f"store: {location}; {args.seconds:g} s per run")
    print("| writers | decisions/s | median latency | 95th percentile |")
    print("|---:|---:|---:|---:|")
    try:
        for writers in args.writers:
            rate, median, p95 = run(location, writers, args.seconds)
            print(f"| {writers} | {rate:,.0f} | {median:.1f} ms | {p95:.1f} ms |", flush=True)
    finally:
        if args.db != "sqlite":
            import psycopg

            from review.postgres_store import split_url

            with psycopg.connect(split_url(location)[0], autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                for role in ("imr_bench_reviewer", "imr_bench_qa"):
                    conn.execute(f'DROP ROLE IF EXISTS "{role}"')
        folder.cleanup()


if __name__ == "__main__":
    main()
