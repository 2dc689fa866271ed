"""Threads and memory: right answers from a thread pool, and a flat footprint."""

from __future__ import annotations

import gc
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from engine.rete import RuleNetwork
from tests.rete.synth import guideline_table, random_cases, reference_match


def test_match_from_a_thread_pool_gives_right_answers() -> None:
    specs = [guideline_table(rows=80, seed=s, name=f"t{s}") for s in (11, 12)]
    cases = {s.name: random_cases(s, 300, seed=13) for s in specs}
    expected = {s.name: [reference_match(s, c) for c in cases[s.name]] for s in specs}
    with RuleNetwork(specs, batch=16) as network:

        def one(job: tuple[str, int]) -> list[int]:
            name, i = job
            return network.match(name, cases[name][i])

        def batch(job: tuple[str, bool]) -> list[list[int]]:
            name, first = job
            return network.match_many(name, cases[name], first_only=first)

        jobs = [(s.name, i) for i in range(300) for s in specs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            singles = list(pool.map(one, jobs))
            batches = list(pool.map(batch, [(s.name, f) for s in specs for f in (False, True)] * 3))
        assert singles == [expected[name][i] for name, i in jobs]
        for (name, first), got in zip(
            [(s.name, f) for s in specs for f in (False, True)] * 3, batches, strict=True
        ):
            want = expected[name]
            assert got == ([w[:1] for w in want] if first else want)


def test_networks_in_several_threads_at_once() -> None:
    spec = guideline_table(rows=50, seed=21)
    cases = random_cases(spec, 200, seed=22)
    expected = [reference_match(spec, c) for c in cases]

    def own_network(_: int) -> list[list[int]]:
        with RuleNetwork([spec]) as network:  # each thread builds, uses and closes its own
            return [network.match(spec.name, c) for c in cases]

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(own_network, range(8))) == [expected] * 8


def rss_kb() -> int:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4


def test_memory_stays_flat_over_10000_matches() -> None:
    spec = guideline_table(rows=100, seed=31)
    cases = random_cases(spec, 2000, seed=32)
    with RuleNetwork([spec], batch=256) as network:

        def work() -> None:
            for case in cases[:1000]:  # 1,000 single matches
                network.match(spec.name, case)
            network.match_many(spec.name, cases)  # and 2,000 in batches, twice
            network.match_many(spec.name, cases, first_only=True)

        work()  # warm up: the engine's pools and Python's caches reach their size
        gc.collect()
        tracemalloc.start()
        before_py = tracemalloc.get_traced_memory()[0]
        before_rss = rss_kb()
        for _ in range(2):
            work()  # 2 x 5,000 = 10,000 matches
        gc.collect()
        grown_py = tracemalloc.get_traced_memory()[0] - before_py
        grown_rss = rss_kb() - before_rss
        tracemalloc.stop()
    # one leaked fact would be about 8 KB in the engine: 10,000 of them 80 MB
    assert grown_rss < 4 * 1024, f"RSS grew by {grown_rss} KB"
    assert grown_py < 256 * 1024, f"Python heap grew by {grown_py} bytes"


def test_closing_networks_returns_their_memory() -> None:
    spec = guideline_table(rows=50, seed=41)
    cases = random_cases(spec, 300, seed=42)

    def cycle() -> None:
        with RuleNetwork([spec]) as network:
            network.match_many(spec.name, cases)

    for _ in range(5):
        cycle()
    gc.collect()
    before = rss_kb()
    for _ in range(12):  # a reloaded table gets a new network; the old one is freed
        cycle()
    gc.collect()
    assert rss_kb() - before < 8 * 1024
