"""Worker processes (``engine.runtime.parallel``, ``--workers``): same results, in order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.runtime.parallel import WorkerError, default_workers, map_forked
from imr.app import main

ROOT = Path(__file__).resolve().parents[2]


def _square(x: int) -> dict[str, int]:
    return {"x": x, "square": x * x, "pid": os.getpid()}


def test_results_come_back_in_input_order() -> None:
    got = map_forked(_square, list(range(23)), 3)
    assert [(g["x"], g["square"]) for g in got] == [(x, x * x) for x in range(23)]
    assert len({g["pid"] for g in got}) == 3 and os.getpid() not in {g["pid"] for g in got}


def test_one_worker_runs_here() -> None:
    got = map_forked(_square, [1, 2], 1)
    assert {g["pid"] for g in got} == {os.getpid()}
    assert map_forked(_square, [], 4) == []


def _boom(x: int) -> int:
    if x == 5:
        raise ValueError("five")
    return x


def test_a_failing_worker_raises_naming_it() -> None:
    with pytest.raises(WorkerError, match=r"worker 2 of 4: ValueError: five"):
        map_forked(_boom, list(range(10)), 4)
    assert map_forked(_boom, [1, 2, 3], 2) == [1, 2, 3]  # and nothing is left behind


def test_default_is_the_core_count() -> None:
    assert 1 <= default_workers() <= (os.cpu_count() or 1)


@pytest.mark.parametrize("as_json", [False, True])
def test_decide_folder_is_the_same_with_workers(as_json: bool) -> None:
    args = ["decide", str(ROOT / "cases"), "--tables", str(ROOT / "tables")] + (["--json"] if as_json else [])
    runner = CliRunner()
    alone = runner.invoke(main, [*args, "--workers", "1"])
    spread = runner.invoke(main, [*args, "--workers", "3"])
    assert (alone.exit_code, alone.output) == (spread.exit_code, spread.output)
    if as_json:
        assert len(json.loads(alone.stdout)) == len(list((ROOT / "cases").glob("*.yaml")))
