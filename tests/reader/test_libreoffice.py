"""A workbook saved by LibreOffice reads and decides like the one it was made from.

``data/demo_saved_by_libreoffice.xlsx`` is the demo workbook of ``conftest.py`` after a
round trip through ``soffice --headless --convert-to xlsx`` (LibreOffice 7.4): its own
shared strings, styles, and numbers stored as LibreOffice writes them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from engine.compiler.rulebase import load_rulebase
from engine.reader import read_workbook
from engine.runtime.evaluate import evaluate

SAVED = Path(__file__).parent / "data" / "demo_saved_by_libreoffice.xlsx"


def _shape(path: Path):
    wb = read_workbook(path)
    return (
        wb.guideline.model_dump(),
        {n: (f.type, f.allowed_values) for n, f in wb.facts.items()},
        [(t.name, t.policy_code, [c.fact for c in t.inputs],
          [([str(e.tests) for e in r.inputs], [e.text for e in r.outputs], r.citation) for r in t.rules])
         for t in wb.tables],
        [(t.id, t.inputs, t.expected) for t in wb.tests],
    )


def test_reads_the_same_as_the_original(demo_path):
    assert _shape(SAVED) == _shape(demo_path)


def test_decides_the_same_as_the_original(demo_path):
    cases = [{"sessions": s, "region": r, "improved": i}
             for s in (0, 1, 6, 7) for r in ("lumbar", "knee") for i in (True, False)]
    original, saved = load_rulebase(demo_path), load_rulebase(SAVED)
    on = dt.date(2016, 6, 1)
    for case in cases:
        assert evaluate(saved, case, on).tables["demo_table"].value == \
            evaluate(original, case, on).tables["demo_table"].value
