"""The headless core never loads a user interface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_engine_never_imports_textual():
    code = (
        "import sys, pkgutil, importlib, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'):\n"
        "    importlib.import_module(m.name)\n"
        "from engine import load_rulebase, evaluate\n"
        "rb = load_rulebase('tables')\n"
        "evaluate(rb, {})\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui', 'rich', 'imr'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_engine_sources_do_not_name_the_ui():
    for path in (ROOT / "engine").rglob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text, path
        assert "from tui" not in text and "import tui" not in text, path


def test_errors_stay_on_one_line_whatever_the_data():
    from engine.errors import Location, WorkbookError

    error = WorkbookError("cannot read", location=Location("a.xlsx", "T", "B7"), expected="a test",
                          found="'line one\nline two\r\u2028'")
    assert len(str(error).splitlines()) == 1 and "line one\\nline two" in str(error)


def test_long_data_in_an_error_is_cut_to_its_start_and_end():
    from engine.errors import CaseError, Location

    cell = "(" * 32_000
    error = CaseError(f"cannot read {cell!r}", location=Location("c.yaml", field="items[0]"),
                      expected="a test", found=repr("x" * 5_000))
    line = str(error)
    assert len(line) < 600
    assert line.startswith("c.yaml, field items[0]: cannot read '((((") and "' (32,000 characters)" in line
    assert line.endswith("xxx' (5,000 characters)")
    short = CaseError("bad", found="'it\\'s'")
    assert str(short) == "bad: found 'it\\'s'"


def test_the_review_ui_paints_before_the_engine_and_the_store_load():
    """docs/tui.md: the first frame is up before the engine, the store and the case load (on workers)."""
    code = (
        "import sys, tui.app, tui.screens.case, tui.screens.picker\n"
        "heavy = ('review', 'engine.compiler', 'engine.runtime', 'engine.cases', 'openpyxl', 'durable_rules')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
