"""The review log a letter is written from: the review store, or a decisions file exported from it.

Both paths give the same letter: the letter is always built from a ``review.ReviewSession``
on the case, which replays the reviewer's fact edits (so the proposals are the ones the
reviewer saw) and hands over the recorded decisions.  ``imr review`` builds it on the
store; ``imr letter --db`` on the same store; ``imr letter --decisions FILE`` on a
read-only log made from the file ``imr decisions --export`` wrote.

The decisions file (``DecisionsFile``)::

    {"case": "CM15-0000001",
     "decisions": [{"item": 1, "outcome": "Upheld", "reason": "...", "reviewer": "dr-a",
                    "recorded_at": "2015-04-30T09:00:00", "proposed": "Upheld"}],
     "fact_edits": [{"item": 1, "fact": "acupuncture.functional_improvement", "documented": true,
                     "value": false, "reviewer": "dr-a", "recorded_at": "2015-04-30T08:55:00"}]}

A plain JSON list of decisions (the earlier format, or one written by hand) is still read:
it has no fact edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from engine import Location, parse_json, read_text
from letters.decisions import RecordedDecision, index_decisions
from letters.errors import LetterError, from_validation

if TYPE_CHECKING:
    from engine import CaseFile
    from letters.model import Letter
    from letters.reviewer import ReviewerProfile
    from review import AuditEntry, CaseState, NewEntry, ReviewSession

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class FactEdit(BaseModel):
    """A fact the reviewer set in ``imr review``: its value as the review store keeps it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: int = Field(ge=0, description="0-based index of the disputed item")
    fact: Text = Field(description="the fact's name in the tables' glossaries")
    documented: bool = Field(description="false: the reviewer set it to 'not documented'")
    value: Any = Field(default=None, description="JSON form (dates as ISO text); null when not documented")
    reviewer: Text
    recorded_at: dt.datetime


class DecisionsFile(BaseModel):
    """What ``imr decisions --export`` writes: the decisions and the fact edits they were made on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: Text = Field(description="the case number the decisions belong to")
    decisions: list[RecordedDecision] = Field(default_factory=list)
    fact_edits: list[FactEdit] = Field(default_factory=list)


_DECISIONS = TypeAdapter(list[RecordedDecision])


def export_state(case: str, state: CaseState, item_count: int) -> DecisionsFile:
    """The current decisions and fact edits of a case's folded log, as a decisions file."""
    from review import recorded_decisions

    decisions = [d for _, d in sorted(recorded_decisions(state, item_count).items())]
    edits = [
        FactEdit(item=item, fact=name, documented=bool(entry.after.get("documented")),
                 value=entry.after.get("value"), reviewer=entry.reviewer, recorded_at=entry.recorded_at)
        for item, facts in sorted(state.facts.items()) if item < item_count
        for name, entry in sorted(facts.items())
    ]
    return DecisionsFile(case=case, decisions=decisions, fact_edits=edits)


def load_decisions_file(path: Path | str, case: CaseFile) -> DecisionsFile:
    """Read a decisions file (either format) for ``case``; errors name the file and the field."""
    path = Path(path)

    def fail(message: str, *, field: str | None = None, **details: Any) -> LetterError:
        return LetterError(message or "bad value", location=Location(str(path), field=field), **details)

    data = parse_json(read_text(path, "decisions file", fail), "decisions file", fail)
    try:
        if isinstance(data, list):  # the earlier format: decisions only
            loaded = DecisionsFile(case=case.case, decisions=_DECISIONS.validate_python(data))
        else:
            loaded = DecisionsFile.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc, str(path)) from None
    if loaded.case != case.case:
        raise LetterError("the decisions are for another case", location=Location(str(path), field="case"),
                          expected=f"case {case.case}", found=repr(loaded.case),
                          hint=f"export them with imr decisions for case {case.case}")
    index_decisions(loaded.decisions, len(case.items), str(path))  # in range, one per item
    for position, edit in enumerate(loaded.fact_edits):
        if edit.item >= len(case.items):
            where = Location(str(path), field=f"fact_edits[{position}].item")
            raise LetterError("no such disputed item", location=where,
                              expected=f"an index from 0 to {len(case.items) - 1}", found=str(edit.item))
    return loaded


def log_entries(loaded: DecisionsFile, case: CaseFile, source: str) -> list[AuditEntry]:
    """The file as a review log: the fact edits first, then the decisions (as ``fold`` replays them)."""
    from review import AuditEntry

    def entry(n: int, item: int, **fields: Any) -> AuditEntry:
        return AuditEntry(id=n, case=case.case, case_file=source, item=item, request=case.items[item].request,
                          workbook_hash="", engine_version="", **fields)

    entries = [entry(n, e.item, kind="fact_edit", fact=e.fact, after={"documented": e.documented, "value": e.value},
                     reviewer=e.reviewer, recorded_at=e.recorded_at)
               for n, e in enumerate(loaded.fact_edits, start=1)]
    start = len(entries) + 1
    entries += [entry(n, d.item, kind="decision", reviewer=d.reviewer, recorded_at=d.recorded_at,
                      after={"outcome": d.outcome, "reason": d.reason, "proposed": d.proposed})
                for n, d in enumerate(loaded.decisions, start=start)]
    return entries


class LogStore:
    """A read-only ``review.ReviewStore`` over a fixed log (a decisions file, or nothing at all)."""

    def __init__(self, entries: Sequence[AuditEntry] = (), location: str = "(no review database)") -> None:
        self._entries = list(entries)
        self._location = location

    @property
    def location(self) -> str:
        return self._location

    def append(self, entry: NewEntry, *, seen: int | None = None) -> AuditEntry:
        raise LetterError("the decisions file is read, never written", location=Location(self._location))

    def entries(self, case: str, item: int | None = None) -> list[AuditEntry]:
        return [e for e in self._entries if e.case == case and (item is None or e.item == item)]

    def cases(self) -> list[str]:
        return sorted({e.case for e in self._entries})

    def close(self) -> None:
        return None


def review_letter(session: ReviewSession, profile: ReviewerProfile | None, decided: dt.date) -> Letter:
    """The letter of a review session: its recorded decisions over its current proposals.

    The one place a letter is built from a review, for ``imr review``'s export and for
    ``imr letter``: the two give the same letter byte for byte.
    """
    from letters.model import build_letter
    from letters.source import letter_case

    with session.lock:
        return build_letter(letter_case(session.case, decided), session.determinations(), profile,
                            session.recorded_decisions())
