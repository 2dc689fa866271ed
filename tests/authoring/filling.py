"""What an author does after ``imr tables new``: fill in the sheets, as Excel stores it.

Used by the LibreOffice round-trip tests.  ``python -m tests.authoring.filling`` rebuilds
``data/filled_saved_by_libreoffice.xlsx`` (needs ``soffice``): a new workbook, filled
here, then opened and saved by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from itertools import product
from pathlib import Path
from typing import Any

import openpyxl

from engine.authoring.scaffold import write_scaffold

TOPIC = "knee_injections"
MADE_ON = dt.date(2024, 1, 15)
SAVED_BY_LIBREOFFICE = Path(__file__).parent / "data" / "filled_saved_by_libreoffice.xlsx"
AS_OF = dt.date(2024, 6, 1)


def filled_workbook(path: Path) -> Path:
    """``imr tables new knee_injections``, then three more rules and tests typed in.

    Cells hold what Excel stores when an author picks from the drop-downs or types:
    bare words in enumeration columns, native booleans and numbers, a date cell."""
    write_scaffold(TOPIC, path, today=MADE_ON)
    book = openpyxl.load_workbook(path)
    guideline = book["Guideline"]
    for row in range(1, guideline.max_row + 1):
        key = guideline.cell(row=row, column=1).value
        if key == "effective from":
            guideline.cell(row=row, column=2, value=dt.datetime(2016, 7, 28))
        elif key == "owner":
            guideline.cell(row=row, column=2, value="Clinical content team")
    table = book[f"{TOPIC}_determination"]
    rules: list[tuple[Any, ...]] = [
        (2, "initial", "> 6", "-", "Upheld", "8 CCR 9792.xx(a)", "{knee_injections.sessions_requested} "
         "sessions go past the trial."),
        (3, "extension", "-", True, "Overturned", "8 CCR 9792.xx(b)", "Improvement is documented."),
        (4, "extension", "-", False, "Upheld", "8 CCR 9792.xx(b)", "No improvement is documented."),
    ]
    for row, values in enumerate(rules, start=9):  # rule 1 is on row 8
        for col, value in enumerate(values, start=1):
            table.cell(row=row, column=col, value=value)
    tests = book["Tests"]
    rows: list[tuple[Any, ...]] = [
        ("T2", dt.datetime(2024, 6, 1), "initial", 8, None, "Upheld", None, "past the trial"),
        ("T3", dt.datetime(2024, 6, 1), "extension", 10, True, "Overturned", None, "improved"),
        ("T4", dt.datetime(2024, 6, 1), "extension", 10, False, "Upheld", None, "not improved"),
    ]
    for row, values in enumerate(rows, start=4):  # T1 is on row 3
        for col, value in enumerate(values, start=1):
            tests.cell(row=row, column=col, value=value)
    book.save(path)
    return path


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
    """Every combination the table distinguishes, with the improvement not documented too."""
    grid = product(("initial", "extension"), (1, 6, 7, 10), (True, False, None))
    found = []
    for kind, sessions, improved in grid:
        case: dict[str, Any] = {f"{TOPIC}.request_type": kind, f"{TOPIC}.sessions_requested": sessions}
        if improved is not None:
            case[f"{TOPIC}.functional_improvement"] = improved
        found.append(case)
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
