"""The letter as a PDF, drawn with fpdf2 in the built-in Helvetica font.

Text is written as text (no images of text), so it can be searched, copied and
extracted.  The built-in fonts cover the Windows-1252 character set; common typographic
characters outside it are folded to their usual ASCII spelling (``≥`` -> ``>=``), and a
character that still cannot be shown is refused with one line naming it, rather than
dropped from a legal document.  Case text is passed to fpdf2 as plain strings with its
markdown option off: nothing in a case is read as formatting.
"""

from __future__ import annotations

import unicodedata

from fpdf import FPDF

from letters.errors import LetterError
from letters.layout import Block, Bullets, Fields, Heading, ItemLine, Notice, Paragraph, Title, layout, plain
from letters.model import Letter

ENCODING = "windows-1252"
FONT = "helvetica"
LINE = 5.0  # mm per line of body text
BODY = 10.0  # points

_FOLD = {
    "≥": ">=", "≤": "<=", "≠": "!=", "→": "->", "←": "<-", "↔": "<->", "−": "-", "‐": "-", "‑": "-",
    "′": "'", "″": '"', "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200b": "", "\ufeff": "",
    "✓": "yes", "✔": "yes", "✗": "no", "✘": "no", "≈": "~", "∼": "~", "√": "sqrt", "∞": "infinity",
}


def _fits(text: str) -> bool:
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def pdf_text(text: str) -> str:
    """Plain text the built-in font can show; a character it cannot is an error, never dropped."""
    text = plain(text)
    if _fits(text):
        return text
    out: list[str] = []
    for ch in text:
        if _fits(ch):
            out.append(ch)
            continue
        folded = _FOLD.get(ch, unicodedata.normalize("NFKC", ch))
        if not _fits(folded):
            raise LetterError(
                f"the PDF font cannot show the character U+{ord(ch):04X} {ch!r}",
                expected="Windows-1252 text in the case and profile (or --format md or txt)",
                found=repr(text[:60]),
            )
        out.append(folded)
    return "".join(out)


class _Document(FPDF):
    def __init__(self, case_number: str, final: bool) -> None:
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.core_fonts_encoding = ENCODING
        self.footer_text = f"Case {case_number}" + ("" if final else " - NOT FINAL")
        self.set_margins(22, 20, 22)
        self.set_auto_page_break(auto=True, margin=18)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.cell(0, 4, f"{self.footer_text} - page {self.page_no()} of {{nb}}", align="C")


def _labelled(doc: _Document, label: str, text: str) -> None:
    doc.set_font(FONT, style="B", size=BODY)
    doc.write(LINE, label + " ")
    doc.set_font(FONT, size=BODY)
    doc.write(LINE, text)
    doc.ln(LINE)


def _draw(doc: _Document, block: Block) -> None:
    match block:
        case Title(text):
            doc.set_font(FONT, style="B", size=14)
            doc.multi_cell(0, 7, pdf_text(text), align="C", new_x="LMARGIN", new_y="NEXT")
        case Notice(text):
            doc.set_font(FONT, style="B", size=BODY)
            doc.set_text_color(160, 0, 0)
            doc.multi_cell(0, LINE, pdf_text(text), border=1, padding=2, new_x="LMARGIN", new_y="NEXT")
            doc.set_text_color(0, 0, 0)
        case Fields(fields):
            for field in fields:
                _labelled(doc, pdf_text(field.label) + ":", pdf_text(field.value))
        case Heading(text):
            doc.ln(2)
            doc.set_font(FONT, style="B", size=11)
            doc.multi_cell(0, 6, pdf_text(text).upper(), new_x="LMARGIN", new_y="NEXT")
        case ItemLine(requested, outcome):
            doc.set_font(FONT, style="B", size=BODY)
            doc.multi_cell(0, LINE, f"{pdf_text(requested)}: {pdf_text(outcome)}", new_x="LMARGIN", new_y="NEXT")
        case Paragraph(text, label):
            if label:
                _labelled(doc, pdf_text(label), pdf_text(text))
            else:
                doc.set_font(FONT, size=BODY)
                doc.multi_cell(0, LINE, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
        case Bullets(items):
            doc.set_font(FONT, size=BODY)
            for item in items:
                doc.set_x(doc.l_margin + 4)
                doc.cell(4, LINE, "-")
                doc.multi_cell(0, LINE, pdf_text(item), new_x="LMARGIN", new_y="NEXT")
        case _:  # pragma: no cover
            raise TypeError(f"unknown block {block!r}")


def render_pdf(letter: Letter) -> bytes:
    """The whole letter as the bytes of a PDF file."""
    doc = _Document(pdf_text(letter.case_number), letter.final)
    doc.set_title(pdf_text(f"IMR Final Determination, case {letter.case_number}"))
    doc.set_creator("imr-rules")
    doc.add_page()
    for block in layout(letter):
        _draw(doc, block)
        doc.ln(2)
    return bytes(doc.output())
