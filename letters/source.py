"""What the letter takes from a case file: header dates, the clinical summary, the items.

This is the one module that reads ``engine.cases.model.CaseFile``; the letter model
sees only the ``LetterCase`` built here.
"""

from __future__ import annotations

import datetime as dt
import re

from engine import CaseFile, UrDecision
from letters.model import CaseItem, HeaderField, LetterCase

NO_UR_CITATION = "The Claims Administrator did not cite any medical evidence for its decision."
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def letter_date(day: dt.date) -> str:
    """Dates as the letters print them: 03/16/2015."""
    return f"{day:%m/%d/%Y}"


def administrator_guideline(ur: UrDecision) -> str:
    """The Claims Administrator guideline line: what UR cited, in the letters' wording."""
    cited = (ur.guideline or "").strip()
    if not cited:
        return NO_UR_CITATION
    if not cited.lower().startswith(("decision based on", "the claims administrator")):
        cited = f"Decision based on {cited}"
    return cited if cited.endswith(".") else cited + "."


def header(case: CaseFile, decided: dt.date | None) -> list[HeaderField]:
    """The header lines of the real letters, in their order; a date the case lacks is left out."""
    dates = case.dates
    lines: list[tuple[str, dt.date | str | None]] = [
        ("Case Number", case.case),
        ("Date Assigned", dates.assigned),
        ("Date of Injury", dates.injury),
        ("Decision Date", decided),
        ("UR Denial Date", dates.ur_decision),
        ("Priority", case.priority.capitalize()),
        ("Application Received", dates.imr_application),
    ]
    return [
        HeaderField(label=label, value=letter_date(value) if isinstance(value, dt.date) else value)
        for label, value in lines if value is not None
    ]


def letter_case(case: CaseFile, decided: dt.date | None = None) -> LetterCase:
    """The letter's view of a case; ``decided`` is the decision date printed in the header."""
    return LetterCase(
        number=case.case,
        header=header(case, decided),
        summary=[p.strip() for p in _PARAGRAPH_BREAK.split(case.clinical_summary) if p.strip()],
        items=[CaseItem(requested=item.request, administrator_guideline=administrator_guideline(item.ur))
               for item in case.items],
    )
