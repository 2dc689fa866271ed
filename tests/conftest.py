"""The long fuzz run of the property tests (docs/fuzzing.md).

Property modules register each property's strategies and check; their ``slow`` test
hands them to the ``fuzz`` fixture, which runs the check under the ``fuzz`` hypothesis
profile: ``IMR_FUZZ_EXAMPLES`` examples per property (default 10,000), no deadline, no
example database.  The default run keeps hypothesis' default profile without its deadline:
speed is measured by the benchmarks, never by a timed assertion, and a loaded machine is no failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import UnsatisfiedAssumption
from hypothesis.strategies import SearchStrategy

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("IMR_FUZZ_EXAMPLES", "10000")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

settings.register_profile("default-without-deadline", deadline=None)
settings.load_profile("default-without-deadline")

Fuzz = Callable[[Sequence[SearchStrategy[Any]], Callable[..., None]], int]


@pytest.fixture
def fuzz(request: pytest.FixtureRequest) -> Fuzz:
    """Run a property under the ``fuzz`` profile; returns and reports the inputs run.

    Every generated input is counted, also one a property sets aside with ``assume``
    after running it (a cell that does not read has no printed form to read back).
    """

    def run(strategies: Sequence[SearchStrategy[Any]], check: Callable[..., None]) -> int:
        count = rejected = 0

        @settings(settings.get_profile("fuzz"))
        @given(st.tuples(*strategies))
        def fuzzed(args: tuple[Any, ...]) -> None:
            nonlocal count, rejected
            count += 1
            try:
                check(*args)
            except UnsatisfiedAssumption:
                rejected += 1
                raise

        fuzzed()
        request.node.user_properties.append(("fuzz_inputs", count))
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if capture is not None and reporter is not None:
            with capture.global_and_fixture_disabled():
                reporter.ensure_newline()
                reporter.write_line(f"fuzz {request.node.nodeid}: {count} inputs ({rejected} rejected by assume)")
        return count

    return run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The long run's total, for docs/fuzzing.md."""
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])]
    total = sum(value for r in reports for key, value in getattr(r, "user_properties", ()) if key == "fuzz_inputs")
    if total:
        terminalreporter.write_line(f"fuzz: {total} generated inputs in all")


@pytest.fixture(autouse=True)
def _remembered_profiles_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test remembers a reviewer profile in the user's config dir (``letters/profiles.py``)."""
    monkeypatch.setenv("IMR_PROFILES", str(tmp_path_factory.mktemp("profiles") / "reviewer-profiles.json"))
