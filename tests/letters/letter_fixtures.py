"""Helpers for the letter tests: a determination and a recorded decision built by hand."""

from __future__ import annotations

import datetime as dt

from engine.cases.determination import FiredRow, ItemDetermination, MissingFactOut
from letters.decisions import RecordedDecision

THERAPY = "Physical therapy 2 x 6 (lumbar)"
MASSAGE = "Massage x 8"


def determination(item: str, outcome: str, *, citation: str | None = "MTUS Demo, p. 1",
                  rationale: str | None = "The records show what the rule needs.",
                  missing: tuple[tuple[str, str | None], ...] = ()) -> ItemDetermination:
    rows = [] if outcome == "Undecided" else [FiredRow(
        table="demo_determination", rule=1, address="demo.xlsx, sheet 'demo', row 5",
        citation=citation, rationale=rationale)]
    # model_construct: only the fields the letter reads; the case layer's own fields (quantities,
    # derived facts) are not the letter's business.
    return ItemDetermination.model_construct(
        item=item, topic="demo", outcome=outcome, decision_fact="demo.outcome",
        value=None if outcome == "Undecided" else outcome,
        table="demo_determination", edition="2009", citations=[citation] if citation and rows else [],
        fired_rows=rows, missing_facts=[MissingFactOut(name=n, question=q) for n, q in missing],
    )


def recorded(item: int, outcome: str, reason: str = "The reviewer weighed the records.",
             proposed: str | None = None) -> RecordedDecision:
    return RecordedDecision(item=item, outcome=outcome, reason=reason, reviewer="dr-a",
                            recorded_at=dt.datetime(2016, 5, 2, 10, 30), proposed=proposed)
