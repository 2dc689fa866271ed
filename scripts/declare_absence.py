"""Write absence rules into workbooks' Facts sheets, keeping everything else as it is.

    .venv/bin/python scripts/declare_absence.py RULES.yaml

RULES.yaml maps a workbook to its facts, each to ``[rule, basis]``::

    tables/acupuncture.xlsx:
      acupuncture.medication_reduced_or_not_tolerated:
        - taken as false
        - "8 CCR 9792.24.1(a)(1): the requesting physician documents the indication"

The ``when not documented`` and ``absence basis`` columns are added to the header row when
missing.  A fact that is not in the sheet is an error naming it; nothing is written then.
The workbook is read back afterwards, so a rule the reader refuses is reported at once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from openpyxl import load_workbook

from engine.errors import ImrError
from engine.reader import read_workbook

RULE, BASIS = "when not documented", "absence basis"


def declare(path: Path, rules: dict[str, list[str]]) -> None:
    book = load_workbook(path)
    sheet = next(ws for ws in book.worksheets if ws.title.lower() == "facts")
    header = {str(c.value).strip().lower(): c.column for c in sheet[1] if c.value is not None}
    for title in (RULE, BASIS):
        if title not in header:
            column = sheet.max_column + 1
            sheet.cell(1, column, title)
            header[title] = column
    rows = {str(sheet.cell(r, header["name"]).value).strip(): r for r in range(2, sheet.max_row + 1)
            if sheet.cell(r, header["name"]).value}
    unknown = sorted(set(rules) - set(rows))
    if unknown:
        raise SystemExit(f"{path}: no such facts in the Facts sheet: {', '.join(unknown)}")
    for fact, (rule, *basis) in rules.items():
        sheet.cell(rows[fact], header[RULE], rule)
        sheet.cell(rows[fact], header[BASIS], basis[0] if basis else None)
    book.save(path)
    read_workbook(path)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    plan = yaml.safe_load(Path(argv[0]).read_text(encoding="utf-8"))
    try:
        for workbook, rules in plan.items():
            declare(Path(workbook), rules)
            print(f"{workbook}: {len(rules)} absence rules")
    except ImrError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
