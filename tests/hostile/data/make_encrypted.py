"""Write encrypted.xlsx: a small workbook saved with the password "imr" (Agile encryption).

The hostile-workbook corpus needs a password-protected workbook; nothing in the project
can encrypt one, so this script made the committed fixture once.  It needs
msoffcrypto-tool and openpyxl, in a throwaway environment (neither is a dependency):

    python -m venv /tmp/crypt && /tmp/crypt/bin/pip install msoffcrypto-tool openpyxl
    /tmp/crypt/bin/python tests/hostile/data/make_encrypted.py
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile


def main() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "demo_table"
    sheet["A1"], sheet["B1"] = "Decision table", "demo_table"
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    out = Path(__file__).with_name("encrypted.xlsx")
    with out.open("wb") as stream:
        OOXMLFile(plain).encrypt("imr", stream)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
