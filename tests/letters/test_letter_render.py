"""The three renderers: the same sections in the same order, golden md/txt, literal case text, PDF text.

Golden files: ``tests/letters/golden/``.  After a deliberate change to the wording,
regenerate them with ``UPDATE_GOLDEN=1 pytest tests/letters`` and read the diff.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pypdf
import pytest
from letter_fixtures import MASSAGE, THERAPY, determination, recorded

from letters import LetterError, render_md, render_pdf, render_txt
from letters.model import CaseItem, build_letter

GOLDEN = Path(__file__).parent / "golden"
SECTIONS = [
    "Independent Medical Review Final Determination",
    "Case Number: CM16-0000042",
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "State(s) of Licensure: California, Nevada",
    "Certification(s)/Specialty: Physical Medicine and Rehabilitation",
    "CLINICAL CASE SUMMARY",
    "The injured worker is a 50 year old male",
    "IMR ISSUES, DECISIONS AND RATIONALES",
    f"{THERAPY}: Overturned (proposed)",
    "Claims Administrator guideline: Decision based on MTUS Physical Medicine.",
    "Example Review Services guideline: Decision based on MTUS Chronic Pain, Physical Medicine, p. 98-99.",
    "Decision rationale: Up to 10 visits are recommended",
    f"the request for {THERAPY} is medically necessary.",
    f"{MASSAGE}: Overturned",
    "Decision rationale: The reviewer weighed the records.",
]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _unescape_md(text: str) -> str:
    """What a CommonMark renderer shows for backslash escapes and our bold markers."""
    text = re.sub(r"^#+ ", "", text, flags=re.M).replace("**", "")
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _in_order(text: str, parts: list[str]) -> None:
    flat, at = _flat(text), 0
    for part in parts:
        found = flat.find(part, at)
        assert found >= 0, f"{part!r} missing or out of order after position {at}"
        at = found + len(part)


@pytest.fixture
def letter(case, determinations, reviewer):
    return build_letter(case, determinations, reviewer, {1: recorded(1, "Overturned")})


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_txt_matches_golden(letter):
    _golden("letter.txt", render_txt(letter))


def test_md_matches_golden(letter):
    _golden("letter.md", render_md(letter))


def test_txt_has_the_sections_in_order(letter):
    _in_order(render_txt(letter), SECTIONS)
    assert "(proposed)" in render_txt(letter).split("\n\n")[-1]  # the closing note explains the marking


def test_md_has_the_sections_in_order_as_headings(letter):
    md = render_md(letter)
    _in_order(_unescape_md(md), SECTIONS)
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# Independent Medical Review Final Determination",
        "## HOW THE IMR FINAL DETERMINATION WAS MADE",
        "## CLINICAL CASE SUMMARY",
        "## IMR ISSUES, DECISIONS AND RATIONALES",
        f"### {THERAPY}: Overturned (proposed)",
        f"### {MASSAGE}: Overturned",
    ]


def test_pdf_text_can_be_extracted_with_the_sections_in_order(letter):
    data = render_pdf(letter)
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data)
    _in_order(text, SECTIONS)
    assert "Case CM16-0000042 - page 1 of" in text


MARKUP = "Pain <b>8/10</b> *worse* _at night_; see [note](http://x) & `cmd` # 2 | {x} ${y} {{z}} \\n"


def _markup_letter(case, reviewer):
    case = case.model_copy(update={
        "summary": [MARKUP, "- not a list", "1. not a numbered list", "=== not a heading"],
        "items": [CaseItem(requested="TENS <unit> **x1**", administrator_guideline="ODG [Pain] _2015_"),
                  case.items[1]],
    })
    dets = [determination("TENS", "Upheld", rationale="The <unit> was used *daily*."),
            determination(MASSAGE, "Upheld")]
    return build_letter(case, dets, reviewer)


def test_markup_in_case_text_appears_literally_in_txt(case, reviewer):
    txt = _flat(render_txt(_markup_letter(case, reviewer)))
    for literal in (MARKUP.strip(), "TENS <unit> **x1**: Upheld (proposed)", "ODG [Pain] _2015_",
                    "The <unit> was used *daily*.", "- not a list"):
        assert literal in txt


def test_markup_in_case_text_is_escaped_in_md(case, reviewer):
    md = render_md(_markup_letter(case, reviewer))
    assert "<b>" not in md and "<unit>" not in md and "[note](" not in md and "*worse*" not in md
    assert "\\<b\\>8/10\\</b\\> \\*worse\\* \\_at night\\_" in md
    for line in ("\\- not a list", "1\\. not a numbered list", "\\=== not a heading"):
        assert line in md.splitlines()
    shown = _unescape_md(md)
    assert MARKUP.strip() in shown
    assert "TENS <unit> x1: Upheld (proposed)" not in shown  # ** of the case survives as text, not bold
    assert "TENS <unit> **x1**: Upheld (proposed)" in md.replace("\\", "")


def test_markup_in_case_text_appears_literally_in_pdf(case, reviewer):
    text = _flat(_pdf_text(render_pdf(_markup_letter(case, reviewer))))
    assert MARKUP.strip() in text
    assert "TENS <unit> **x1**: Upheld (proposed)" in text


def test_control_characters_and_line_breaks_cannot_shape_the_letter(case, reviewer):
    case = case.model_copy(update={"summary": ["First line\n\n## HEADING\x1b[31m red\tend"]})
    letter = build_letter(case, [determination(THERAPY, "Upheld"), determination(MASSAGE, "Upheld")], reviewer)
    assert "First line ## HEADING[31m red end" in render_txt(letter)
    assert "\x1b" not in render_md(letter) and "\n## HEADING" not in render_md(letter)


def test_pdf_folds_typographic_characters_and_refuses_what_it_cannot_show(case, reviewer):
    dets = [determination(THERAPY, "Upheld"), determination(MASSAGE, "Upheld")]
    folded = case.model_copy(update={"summary": ["Pain ≥ 7 — “worse” → rest, 5 µg, café"]})
    text = _flat(_pdf_text(render_pdf(build_letter(folded, dets, reviewer))))
    assert "Pain >= 7 — “worse” -> rest, 5 µg, café" in text
    greek = case.model_copy(update={"summary": ["Ωmega 3 supplement"]})
    with pytest.raises(LetterError, match=r"cannot show the character U\+03A9"):
        render_pdf(build_letter(greek, dets, reviewer))
    assert "Ωmega 3" in render_txt(build_letter(greek, dets, reviewer))


def test_undecided_item_in_every_format(case, reviewer):
    dets = [determination(THERAPY, "Overturned"),
            determination(MASSAGE, "Undecided", missing=(("massage.prior_visits", "How many visits so far?"),))]
    letter = build_letter(case, dets, reviewer)
    parts = ["Independent Medical Review Final Determination (not final)", "NOT FINAL: 1 disputed item is undecided",
             f"{MASSAGE}: Undecided", "No guideline criterion has decided this item yet.",
             "No determination can be made yet", "Questions the records must answer:", "How many visits so far?"]
    _in_order(render_txt(letter), parts)
    _in_order(_unescape_md(render_md(letter)), parts)
    pdf = _pdf_text(render_pdf(letter))
    _in_order(pdf, parts)
    assert "NOT FINAL - page 1" in pdf
    assert f"{MASSAGE}: Undecided (proposed)" not in _flat(render_txt(letter))
