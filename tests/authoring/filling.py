"""What an author does after ``imr tables new``: fill in the sheets, as Excel stores it.

Used by the scaffold tests and the LibreOffice round-trip tests.  The new workbook reads
the shared facts of the conventions workbook, so it is loaded with ``CONVENTIONS``.
``python -m tests.authoring.filling`` rebuilds ``data/filled_saved_by_libreoffice.xlsx``
(needs ``soffice``): a new workbook, filled here, then opened and saved by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from itertools import product
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from engine.authoring.scaffold import write_scaffold

TOPIC = "knee_injections"
TABLE = f"{TOPIC}_determination"
CONVENTIONS = Path(__file__).resolve().parents[2] / "tables" / "imr_conventions.xlsx"
SAVED_BY_LIBREOFFICE = Path(__file__).parent / "data" / "filled_saved_by_libreoffice.xlsx"
AS_OF = dt.date(2015, 4, 1)
TRIAL, COURSE = 3, 9  # the limits the author puts in place of the scaffold's 6 and 12
_FILL_IN = re.compile(r" ?\(fill in[^)]*\)")
CITATION = "MTUS Chronic Pain Medical Treatment Guidelines, Knee injections, p. 99"
# The Tests rows the author writes in place of the scaffold's: id, given, expected outcome, description.
TESTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("T1", {"request.kind": '"initial"', f"{TOPIC}.criteria_met": True, "request.quantity": 3},
     "Overturned", "a first course at the limit"),
    ("T2", {"request.kind": '"initial"', f"{TOPIC}.criteria_met": True, "request.quantity": 4},
     "Upheld", "one over"),
    ("T3", {"request.kind": '"initial"', "request.quantity": 3}, "Upheld", "criteria not documented"),
    ("T4", {"request.kind": '"extension"', "request.functional_improvement": True, "request.prior_sessions": 3,
            "request.quantity": 6}, "Overturned", "the whole course at the limit"),
    ("T5", {"request.kind": '"extension"', "request.functional_improvement": True, "request.prior_sessions": 3,
            "request.quantity": 7}, "Upheld", "the whole course one over"),
    ("T6", {"request.kind": '"extension"', "request.functional_improvement": False, "request.prior_sessions": 3,
            "request.quantity": 6}, "Upheld", "no improvement"),
    ("T7", {"request.kind": '"initial"', f"{TOPIC}.criteria_met": True, "request.quantity": 3,
            "request.duplicate": True}, "Upheld", "a duplicate"),
    ("T8", {"request.kind": '"initial"', f"{TOPIC}.criteria_met": True}, "Upheld", "no quantity stated"),
    ("T9", {"request.kind": '"extension"', "request.prior_sessions": 3, "request.quantity": 6},
     "Upheld", "improvement not documented"),
]


def filled_workbook(path: Path) -> Path:
    """``imr tables new knee_injections``, then the placeholders filled in and the limits changed.

    Cells hold what Excel stores when an author picks from the drop-downs or types:
    bare words in the topic's own enumeration columns, a shared fact's values in quotes
    (its input message says so), tests typed without spaces, native booleans and numbers,
    date cells."""
    write_scaffold(TOPIC, path, CONVENTIONS)
    book = openpyxl.load_workbook(path)
    guideline = book["Guideline"]
    values = {"title": "MTUS Chronic Pain Medical Treatment Guidelines: Knee injections",
              "citation": "8 CCR 9792.24.2", "owner": "Clinical content team"}
    for row in range(1, guideline.max_row + 1):
        key = guideline.cell(row=row, column=1).value
        if key in values:
            guideline.cell(row=row, column=2, value=values[str(key)])
    facts = book["Facts"]
    for row in range(2, facts.max_row + 1):
        if facts.cell(row=row, column=1).value == f"{TOPIC}.criteria_met":
            facts.cell(row=row, column=5, value="Osteoarthritis of the knee on x-ray, failed conservative care.")
            facts.cell(row=row, column=8, value="On the record: criteria not documented count as unmet (p. 99)")
    _fill_table(book[TABLE])
    _fill_tests(book["Tests"])
    book.save(path)
    return path


def _fill_table(ws: Worksheet) -> None:
    """Columns: # | screen | course | quantity | total | criteria | outcome | citation | rationale | annotation."""
    ws.cell(row=3, column=2, value=_FILL_IN.sub(" (CPMTG p. 99)", str(ws.cell(row=3, column=2).value)))
    limits = {(2, 4): f">{TRIAL}", (3, 5): f">{COURSE}", (7, 4): f"<={TRIAL}", (8, 5): f"<={COURSE}"}
    for (number, col), text in limits.items():
        ws.cell(row=7 + number, column=col, value=text)  # rule 1 is on row 8
    rationales = {
        2: f"A first course is up to {TRIAL} injections; {{request.quantity}} go past it.",
        3: f"Up to {COURSE} injections in all with documented improvement; {{request.total_sessions}} go past it.",
        7: f"A first course of {{request.quantity}} stays within {TRIAL}, and its criteria are met.",
        8: f"Improvement is documented, and a course of {{request.total_sessions}} stays within {COURSE}.",
    }
    for number in range(1, 9):
        row = 7 + number
        citation, rationale = ws.cell(row=row, column=8), ws.cell(row=row, column=9)
        if "(fill in" in str(citation.value):
            citation.value = CITATION if number != 6 else f"Labor Code 4610.5(c)(2); {CITATION}"
        rationale.value = rationales.get(number) or _FILL_IN.sub("", str(rationale.value))
        ws.cell(row=row, column=10, value=None)  # the annotations said what to replace: done


def _fill_tests(ws: Worksheet) -> None:
    columns = {str(ws.cell(row=2, column=c).value): c for c in range(1, ws.max_column + 1)}
    kinds = {str(ws.cell(row=1, column=c).value): c for c in range(1, ws.max_column + 1)}
    for row in range(3, ws.max_row + 1):
        for col in range(1, ws.max_column + 1):
            ws.cell(row=row, column=col, value=None)
    for row, (test_id, given, outcome, description) in enumerate(TESTS, start=3):
        ws.cell(row=row, column=1, value=test_id)
        ws.cell(row=row, column=2, value=dt.datetime.combine(AS_OF, dt.time()))
        for name, value in given.items():
            ws.cell(row=row, column=columns[name], value=value)
        ws.cell(row=row, column=columns[f"{TOPIC}.outcome"], value=outcome)
        ws.cell(row=row, column=kinds["Description"], value=description)


def save_with_libreoffice(path: Path, out_dir: Path) -> Path:
    """``soffice --headless --convert-to xlsx``, with a private profile (runs may overlap)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
            check=True, capture_output=True, timeout=180,
        )
    return out_dir / path.name


def cases() -> list[dict[str, Any]]:
    """Combinations around the limits the table distinguishes; None leaves a fact not documented."""
    grid = product(("initial", "extension"), (None, 3, 4, 6, 7), (0, 3), (True, None), (True, None), (None, True))
    found = []
    for kind, quantity, prior, improved, met, duplicate in grid:
        case: dict[str, Any] = {"request.kind": kind, "request.prior_sessions": prior, "request.quantity": quantity,
                                "request.functional_improvement": improved, f"{TOPIC}.criteria_met": met,
                                "request.duplicate": duplicate}
        found.append({name: value for name, value in case.items() if value is not None})
    return found


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        filled = filled_workbook(Path(folder) / f"{TOPIC}.xlsx")
        saved = save_with_libreoffice(filled, Path(folder) / "saved")
        SAVED_BY_LIBREOFFICE.parent.mkdir(exist_ok=True)
        shutil.copyfile(saved, SAVED_BY_LIBREOFFICE)
    print(f"wrote {SAVED_BY_LIBREOFFICE}")


if __name__ == "__main__":
    main()
