"""The proposed determination of an item, the reviewer's recorded decision, questions and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

if TYPE_CHECKING:
    from review.model import ItemView

OUTCOME_STYLE = {"Upheld": "bold red", "Overturned": "bold green", "Undecided": "bold yellow"}


def outcome_text(outcome: str) -> Text:
    return Text(outcome, style=OUTCOME_STYLE.get(outcome, "bold"))


def recorded_words(view: ItemView) -> Text:
    """``Overturned (accepted by dr-a)``, ``Upheld (overridden by dr-a)`` or ``not decided``."""
    decision = view.decision
    if decision is None:
        return Text("not decided", style="italic")
    how = "accepted" if decision.kind == "decision" else "overridden"
    text = Text.assemble(outcome_text(decision.outcome), f" ({how} by ", Text(decision.reviewer), ")")
    if view.stale:
        text.append(f" - made on the earlier proposal {decision.proposed}", style="yellow")
    return text


def determination_lines(view: ItemView) -> list[Text]:
    proposed = view.proposed
    lines = [
        Text.assemble(Text("Proposed: ", style="bold"), outcome_text(proposed.outcome),
                      f"  (table {proposed.table}, edition {proposed.edition})"),
        Text.assemble(Text("Recorded: ", style="bold"), recorded_words(view)),
    ]
    if view.decision is not None:
        lines.append(Text.assemble("  reason: ", Text(view.decision.reason)))
    for note in view.notes:
        lines.append(Text.assemble(Text("note ", style="bold"), f"({note.reviewer}): ", Text(note.text)))
    if view.questions:
        lines.append(Text("Missing facts that would change the outcome:", style="bold yellow"))
        for fact in view.questions:
            lines.append(Text.assemble("  ", Text(fact.name), ": ",
                                       Text(fact.question or "(the glossary has no question for it)")))
    if proposed.violation:
        lines.append(Text.assemble("hit policy: ", Text(proposed.violation)))
    for row in proposed.fired_rows:
        lines.append(Text.assemble(Text("fired: ", style="bold"), f"{row.table} rule {row.rule} (",
                                   Text(row.address), ")"))
        if row.rationale:
            lines.append(Text.assemble("  rationale: ", Text(row.rationale)))
    if proposed.citations:
        lines.append(Text.assemble(Text("Citations: ", style="bold"), Text("; ".join(proposed.citations))))
    for warning in proposed.warnings:
        lines.append(Text.assemble("warning: ", Text(warning)))
    return lines


class DeterminationPanel(Static):
    """Read-only: the item's proposal with rationale and citations, and what was recorded."""

    def show(self, view: ItemView) -> None:
        self.update(Text("\n").join(determination_lines(view)))
