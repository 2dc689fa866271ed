"""Memory stays flat over 10,000 evaluations (Python objects and the C engine alike)."""

from __future__ import annotations

import datetime as dt
import gc
import os
from pathlib import Path

import pytest

from engine.runtime.evaluate import evaluate


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc to read the resident size")
def test_memory_flat_over_ten_thousand_evaluations(rulebase):
    cases = [
        {"acupuncture.request_type": "extension", "acupuncture.sessions_requested": 8 + i % 7,
         "acupuncture.frequency_per_week": 1 + i % 4, "acupuncture.functional_improvement": bool(i % 3),
         "acupuncture.adjunct_to_rehabilitation": bool(i % 2)}
        for i in range(50)
    ]
    for case in cases * 20:  # warm up: parser caches, value-class memos, allocator pools
        evaluate(rulebase, case, dt.date(2015, 4, 1))
    gc.collect()
    before = _rss_bytes()
    for i in range(10_000):
        evaluate(rulebase, cases[i % len(cases)], dt.date(2015, 4, 1))
    gc.collect()
    growth = _rss_bytes() - before
    # A leak of one stored fact per evaluation (about 8 KB each, see the durable-rules
    # notes) would add some 80 MB here; allocator noise stays within a few MB.
    assert growth < 8 * 1024 * 1024, f"resident memory grew by {growth / 1e6:.1f} MB"
