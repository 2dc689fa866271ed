"""The letter as a view model: what each section says, built from a case and its determinations.

Nothing here knows about Markdown, plain text or PDF; the renderers take a ``Letter``
(through ``letters.layout``) and only decide how it looks.  Case text is carried as
plain strings and never interpreted.

Which outcome an item shows:

- a decision the reviewer recorded wins (``source == "recorded"``);
- unless it is stale: made on another proposal than the current one (the facts changed
  since; ``RecordedDecision.proposed``).  The item then shows the current proposal, says
  which decision must be re-confirmed (``source == "stale"``), and the letter is not final;
- otherwise the engine's proposed determination, marked as proposed;
- an item the tables could not decide is ``Undecided``: it lists the questions the
  records must answer, and the letter is not final.

A rationale is never empty: a recorded decision that agrees with the proposal carries
the proposal's rationale sentences, then the reviewer's reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from engine import FiredRow, ItemDetermination
from letters.decisions import RecordedDecision
from letters.errors import LetterError
from letters.reviewer import DEFAULT_ORGANIZATION, UNKNOWN_REVIEWER_TEXT, ReviewerProfile

Outcome = Literal["Upheld", "Overturned", "Undecided"]
Source = Literal["recorded", "proposed", "undecided", "stale"]

TITLE = "Independent Medical Review Final Determination"
METHOD_HEADING = "HOW THE IMR FINAL DETERMINATION WAS MADE"
SUMMARY_HEADING = "CLINICAL CASE SUMMARY"
ISSUES_HEADING = "IMR ISSUES, DECISIONS AND RATIONALES"

METHOD_TEXT = (
    "{organization} sent the complete case file to an independent expert reviewer. The reviewer "
    "has no affiliation with the employer, the employee, the treating providers or the claims "
    "administrator, has practiced clinically for more than five years, and currently works at "
    "least 24 hours a week in active practice. The reviewer was chosen for clinical experience, "
    "education, background and expertise in the same or a similar specialty as those that "
    "evaluate or treat the medical condition and the disputed items or services, and knows the "
    "governing laws and regulations, including the strength-of-evidence hierarchy that applies "
    "to Independent Medical Review determinations."
)
CREDENTIALS_INTRO = "The expert reviewer holds the following credentials:"
SUMMARY_INTRO = (
    "The expert reviewer wrote the clinical case summary below from a review of the case file, "
    "including all medical records:"
)
NO_SUMMARY = "The case file holds no clinical case summary."
ISSUES_INTRO = "The final determination rests on the decision on each disputed item or service below:"
NO_ADMINISTRATOR_GUIDELINE = "The case file does not record what the claims administrator cited."
NO_EVIDENCE = "The expert reviewer did not cite any medical evidence for this decision."
NOT_DECIDED_YET = "No guideline criterion has decided this item yet."
NO_RATIONALE = "The guideline decision tables propose {outcome} for this item; their rows give no written rationale."
STALE_TEXT = (
    "The reviewer recorded {recorded} on {when} when the guideline decision tables proposed {then}; the facts "
    "have changed since and the tables now propose {now}. That decision must be re-confirmed before this letter "
    "can be issued."
)
STALE_LABEL = "proposed; the recorded decision is to be re-confirmed"
UNDECIDED_TEXT = (
    "No determination can be made yet: the records do not document what the questions below ask. "
    "Once they are answered, or the reviewer records a decision, this item can be decided."
)


class HeaderField(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    value: str


class CaseItem(BaseModel):
    """What the letter needs of one disputed item of the case."""

    requested: str
    administrator_guideline: str | None = None


class LetterCase(BaseModel):
    """What the letter needs of the case: built by ``letters.source`` from a case file."""

    number: str
    header: list[HeaderField]
    summary: list[str]  # paragraphs, as written
    items: list[CaseItem]


class LetterItem(BaseModel):
    index: int
    requested: str
    outcome: Outcome
    source: Source
    administrator_guideline: str
    reviewer_guideline: str
    rationale: list[str]  # sentences or paragraphs, in reading order
    conclusion: str | None
    questions: list[str]  # what the records must answer (Undecided items)
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None

    @property
    def outcome_label(self) -> str:
        if self.source == "stale":
            return f"{self.outcome} ({STALE_LABEL})"
        return f"{self.outcome} (proposed)" if self.source == "proposed" else self.outcome


class Letter(BaseModel):
    case_number: str
    header: list[HeaderField]
    method: str
    licensure: str
    certifications: str
    guideline_label: str  # "<organization> guideline"
    summary: list[str]
    items: list[LetterItem]

    @property
    def final(self) -> bool:
        return all(item.outcome != "Undecided" and item.source != "stale" for item in self.items)

    @property
    def stale_items(self) -> list[LetterItem]:
        """Items whose recorded decision was made on facts that have changed since: to re-confirm."""
        return [item for item in self.items if item.source == "stale"]

    @property
    def not_final_reason(self) -> str | None:
        """Why the letter is not final, in a few words for a status line, or None."""
        parts = []
        if any(item.outcome == "Undecided" and item.source != "stale" for item in self.items):
            parts.append("undecided items")
        if self.stale_items:
            parts.append("decisions to re-confirm on " + ", ".join(f"item {i.index + 1}" for i in self.stale_items))
        return "NOT FINAL: " + "; ".join(parts) if parts else None

    @property
    def proposed_count(self) -> int:
        return sum(item.source == "proposed" for item in self.items)

    @property
    def notice(self) -> str | None:
        """Why the letter is not final, or None."""
        undecided = [item for item in self.items if item.outcome == "Undecided" and item.source != "stale"]
        sentences = []
        if undecided:
            count = len(undecided)
            what = "1 disputed item is" if count == 1 else f"{count} disputed items are"
            sentences.append(f"{what} undecided; the questions under each must be answered "
                             "before this letter can be issued.")
        stale = self.stale_items
        if stale:
            named = ", ".join(f"item {item.index + 1} ({item.requested})" for item in stale)
            which = "the decision on" if len(stale) == 1 else "the decisions on"
            sentences.append(f"{which} {named} {'was' if len(stale) == 1 else 'were'} made on facts that have "
                             f"changed since; the reviewer must re-confirm {'it' if len(stale) == 1 else 'them'} "
                             "(accept or override again) before this letter can be issued.")
        if not sentences:
            return None
        return "NOT FINAL: " + " ".join(t[:1].upper() + t[1:] if n else t for n, t in enumerate(sentences))


def _workbook(row: FiredRow) -> str:
    """The workbook of a fired row: its address reads ``<workbook>, sheet '<sheet>', row <n>``."""
    return row.address.rsplit(", sheet ", 1)[0]


def guideline_rows(determination: ItemDetermination) -> list[FiredRow]:
    """The fired rows of the item's own guideline: the deciding table's workbook.

    The shared conventions (``imr_conventions.xlsx``: request screen, injury phase,
    treatment course) fire for every item; they shape the decision but are not the
    medical evidence a letter cites, so they are left out.  When no row of the deciding
    table fired (an undecided item, or a table's default output) there is nothing to cite.
    """
    deciding = [row for row in determination.fired_rows if row.table == determination.table]
    if not deciding:
        return []
    workbook = _workbook(deciding[0])
    return [row for row in determination.fired_rows if _workbook(row) == workbook]


def citations(rows: Sequence[FiredRow]) -> list[str]:
    cited: list[str] = []
    for row in rows:
        if row.citation and row.citation.strip() and row.citation.strip() not in cited:
            cited.append(row.citation.strip())
    return cited


def _reviewer_guideline(rows: Sequence[FiredRow], decided: bool) -> str:
    cited = citations(rows)
    if cited:
        return "Decision based on " + "; ".join(cited) + "."
    return NO_EVIDENCE if decided else NOT_DECIDED_YET


def rationales(rows: Sequence[FiredRow]) -> list[str]:
    """The rows' rationales, the tables read from first and the deciding table last."""
    tables: list[str] = []
    for row in rows:
        if row.table not in tables:
            tables.append(row.table)
    texts: list[str] = []
    for table in reversed(tables):
        for row in rows:
            if row.table != table:
                continue
            for text in (*(a.note for a in row.absent_facts), (row.rationale or "").strip()):
                if text and text not in texts:
                    texts.append(text)
    return texts


def conclusion(requested: str, outcome: Outcome) -> str | None:
    if outcome == "Undecided":
        return None
    verdict = "is medically necessary" if outcome == "Overturned" else "is not medically necessary"
    return f"Therefore, the request for {requested} {verdict}."


def _questions(determination: ItemDetermination) -> list[str]:
    questions = [fact.question or f"Is {fact.name} documented, and what is it?" for fact in determination.missing_facts]
    if not questions and determination.violation:
        questions.append(f"The guideline tables disagree ({determination.violation}): which applies?")
    if not questions:
        questions.append("The guideline tables give no determination for this item: how should it be decided?")
    return questions


def is_stale(recorded: RecordedDecision, determination: ItemDetermination) -> bool:
    """A decision made on another proposal than ``determination`` (when it says what it was made on)."""
    return recorded.proposed is not None and recorded.proposed != determination.outcome


def _proposal_rationale(determination: ItemDetermination, rows: list[str]) -> list[str]:
    """What the proposal rests on, never empty: its guideline rows' rationales, else every fired row's."""
    return rows or rationales(determination.fired_rows) or [NO_RATIONALE.format(outcome=determination.outcome)]


def letter_item(
    index: int, case_item: CaseItem, determination: ItemDetermination, recorded: RecordedDecision | None,
) -> LetterItem:
    """One disputed item: the recorded decision if any (and not stale), else the proposed one."""
    administrator = case_item.administrator_guideline or NO_ADMINISTRATOR_GUIDELINE
    cited = guideline_rows(determination)
    rows = rationales(cited)
    if determination.follows is not None and determination.follows.note not in rows:
        rows = [determination.follows.note, *rows]  # how it follows the procedure it serves, first
    if recorded is not None and is_stale(recorded, determination):
        undecided = determination.outcome == "Undecided"
        note = STALE_TEXT.format(recorded=recorded.outcome, when=f"{recorded.recorded_at:%Y-%m-%d %H:%M}",
                                 then=recorded.proposed, now=determination.outcome)
        return LetterItem(
            index=index, requested=case_item.requested, outcome=determination.outcome, source="stale",
            administrator_guideline=administrator,
            reviewer_guideline=_reviewer_guideline(cited, decided=not undecided),
            rationale=[*rows, UNDECIDED_TEXT, note] if undecided else [*_proposal_rationale(determination, rows), note],
            conclusion=conclusion(case_item.requested, determination.outcome),
            questions=_questions(determination) if undecided else [],
            recorded_by=recorded.reviewer, recorded_at=recorded.recorded_at,
        )
    if recorded is not None:
        agrees = recorded.outcome == determination.outcome
        rationale = [*_proposal_rationale(determination, rows), recorded.reason] if agrees else [recorded.reason]
        return LetterItem(
            index=index, requested=case_item.requested, outcome=recorded.outcome, source="recorded",
            administrator_guideline=administrator,
            reviewer_guideline=_reviewer_guideline(cited, decided=True),
            rationale=rationale, conclusion=conclusion(case_item.requested, recorded.outcome), questions=[],
            recorded_by=recorded.reviewer, recorded_at=recorded.recorded_at,
        )
    if determination.outcome == "Undecided":
        return LetterItem(
            index=index, requested=case_item.requested, outcome="Undecided", source="undecided",
            administrator_guideline=administrator,
            reviewer_guideline=_reviewer_guideline(cited, decided=False),
            rationale=[*rows, UNDECIDED_TEXT], conclusion=None, questions=_questions(determination),
        )
    return LetterItem(
        index=index, requested=case_item.requested, outcome=determination.outcome, source="proposed",
        administrator_guideline=administrator,
        reviewer_guideline=_reviewer_guideline(cited, decided=True),
        rationale=_proposal_rationale(determination, rows),
        conclusion=conclusion(case_item.requested, determination.outcome), questions=[],
    )


def build_letter(
    case: LetterCase,
    determinations: Sequence[ItemDetermination],
    reviewer: ReviewerProfile | None = None,
    decisions: Mapping[int, RecordedDecision] | None = None,
) -> Letter:
    """The letter of a case: one determination per disputed item, in the case's order."""
    if len(determinations) != len(case.items):
        raise LetterError("one determination per disputed item is needed",
                          expected=f"{len(case.items)}", found=f"{len(determinations)}")
    decisions = decisions or {}
    for index in decisions:
        if not 0 <= index < len(case.items):
            raise LetterError("a recorded decision names no disputed item",
                              expected=f"an index from 0 to {len(case.items) - 1}", found=str(index))
    organization = reviewer.organization if reviewer else DEFAULT_ORGANIZATION
    items = [
        letter_item(i, case_item, determination, decisions.get(i))
        for i, (case_item, determination) in enumerate(zip(case.items, determinations, strict=True))
    ]
    return Letter(
        case_number=case.number,
        header=case.header,
        method=METHOD_TEXT.format(organization=organization),
        licensure=", ".join(reviewer.licensure) if reviewer else UNKNOWN_REVIEWER_TEXT,
        certifications=", ".join(reviewer.certifications) if reviewer else UNKNOWN_REVIEWER_TEXT,
        guideline_label=f"{reviewer.organization if reviewer else 'Expert Reviewer'} guideline",
        summary=[p for p in case.summary if p.strip()],
        items=items,
    )
