"""The DMN TCK decision-table tests, run through a workbook and the project's reader.

Each selected TCK model is written as a workbook (``tests/conformance/tck.py``), loaded
with ``engine.load_rulebase`` and every selected TCK test case is evaluated with
``engine.evaluate``: one pytest item per TCK ``<testCase>``, with an id such as
``0004-simpletable-U/001``.  The TCK files are read in place, never copied.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .tck import (
    TCK_ROOT,
    TckCase,
    read_json,
    rename_keys,
    same,
    selected_cases,
    to_feel,
    workbook_spec,
)

if not (TCK_ROOT / "index.json").is_file():
    pytest.skip(
        f"the DMN TCK subset is not at {TCK_ROOT} (expected next to the project, "
        "in shared/conformance/dmn-tck)",
        allow_module_level=True,
    )

EXPECTED_TOTAL = 62
CASES = selected_cases()


@pytest.fixture(scope="session")
def tck_rulebase(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Any]:
    """Load (once per model) the rule base of the workbook written for a TCK model."""
    from engine import load_rulebase
    from engine.authoring import write_workbook

    cache: dict[Path, Any] = {}

    def load(json_path: Path) -> Any:
        if json_path not in cache:
            model = read_json(json_path)
            folder = tmp_path_factory.mktemp(model["model_name"])
            edition = read_json(TCK_ROOT / "index.json")["source_commit"][:12]
            book = write_workbook(workbook_spec(model, edition),
                                  folder / f"{model['model_name']}.xlsx")
            cache[json_path] = load_rulebase(book)
        return cache[json_path]

    return load


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_tck_case(case: TckCase, tck_rulebase: Callable[[Path], Any]) -> None:
    from engine import evaluate

    rulebase = tck_rulebase(case.json_path)
    result = evaluate(rulebase, to_feel(case.test["inputs"]))
    wrong: list[str] = []
    for decision, raw in case.test["expected"].items():
        expected = rename_keys(to_feel(raw))
        table = result.tables[decision]
        if not same(table.value, expected):
            wrong.append(f"{decision!r}: got {table.value!r} (violation {table.violation!r}), "
                         f"expected {expected!r}")
        elif table.violation is not None:
            wrong.append(f"{decision!r}: right value but a violation {table.violation!r}")
    assert not wrong, f"{case.id} [{case.tier}]: " + "; ".join(wrong)


def test_the_selection_is_complete() -> None:
    """Exactly the 62 test cases the index selects, no more and no fewer."""
    index = read_json(TCK_ROOT / "index.json")
    from_index = {
        f"{Path(m['json']).stem}/{test_id}"
        for m in index["models"] if m["json"]
        for test_id in m["selected"]
    }
    collected = [c.id for c in CASES]
    assert len(collected) == len(set(collected)) == EXPECTED_TOTAL
    assert set(collected) == from_index
    assert sum(t["selected_test_cases"] for t in index["totals"].values()) == EXPECTED_TOTAL
    tiers = {tier: sum(c.tier == tier for c in CASES) for tier in ("core", "extended")}
    assert tiers == index["tiers"] == {"core": 60, "extended": 2}
