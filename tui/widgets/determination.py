"""The proposed determination of an item, the reviewer's recorded decision, questions and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tui.text import literal

if TYPE_CHECKING:
    from review.model import ItemView

OUTCOME_STYLE = {"Upheld": "bold red", "Overturned": "bold green", "Undecided": "bold yellow"}


def outcome_text(outcome: str) -> Text:
    return literal(outcome, style=OUTCOME_STYLE.get(outcome, "bold"))


STALE_WORD = "re-confirm"


def recorded_words(view: ItemView) -> Text:
    """``Overturned (accepted by dr-a)``, ``Upheld (overridden by dr-a)`` or ``not decided``.

    A decision made on an earlier proposal (stale) adds "re-confirm: made on the earlier
    proposal X": it does not count as decided until it is accepted or overridden again.
    """
    decision = view.decision
    if decision is None:
        return literal("not decided", style="italic")
    how = "accepted" if decision.kind == "decision" else "overridden"
    text = Text.assemble(outcome_text(decision.outcome), f" ({how} by ", literal(decision.reviewer), ")")
    if view.stale:
        text.append(f" - {STALE_WORD}: made on the earlier proposal {decision.proposed}", style="bold yellow")
    return text


def determination_lines(view: ItemView) -> list[Text]:
    proposed = view.proposed
    lines = [
        Text.assemble(literal("Proposed: ", style="bold"), outcome_text(proposed.outcome),
                      literal(f"  (table {proposed.table}, edition {proposed.edition})")),
        Text.assemble(literal("Recorded: ", style="bold"), recorded_words(view)),
    ]
    if view.decision is not None:
        lines.append(Text.assemble("  reason: ", literal(view.decision.reason)))
    for note in view.notes:
        lines.append(Text.assemble(literal("note ", style="bold"), literal(f"({note.reviewer}): "), literal(note.text)))
    if view.questions:
        lines.append(literal("Missing facts that would change the outcome:", style="bold yellow"))
        for fact in view.questions:
            taken = f" (not documented, taken as {_taken_words(fact.taken_as)})" if fact.assumed else ""
            lines.append(Text.assemble("  ", literal(fact.name), literal(taken), ": ",
                                       literal(fact.question or "(the glossary has no question for it)")))
    if proposed.violation:
        lines.append(Text.assemble("hit policy: ", literal(proposed.violation)))
    for row in proposed.fired_rows:
        lines.append(Text.assemble(literal("fired: ", style="bold"), literal(f"{row.table} rule {row.rule} ("),
                                   literal(row.address), ")"))
        if row.rationale:
            lines.append(Text.assemble("  rationale: ", literal(row.rationale)))
    if proposed.citations:
        lines.append(Text.assemble(literal("Citations: ", style="bold"), literal("; ".join(proposed.citations))))
    for warning in proposed.warnings:
        lines.append(Text.assemble("warning: ", literal(warning)))
    return lines


class DeterminationPanel(Static):
    """Read-only: the item's proposal with rationale and citations, and what was recorded."""

    def show(self, view: ItemView) -> None:
        self.update(literal("\n").join(determination_lines(view)))


def _taken_words(value: object) -> str:
    """A value taken from an absence rule, as a reviewer reads it (yes, no, not stated, 0).

    Plain words here rather than ``review.fact_input``: this module is imported before the
    first frame, and the review package pulls in the engine.
    """
    if value is None:
        return "not stated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
