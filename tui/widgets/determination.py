"""The proposed determination of an item, the reviewer's recorded decision, questions and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tui.text import literal
from tui.words import citation_parts, fact_words, table_label, taken_words

if TYPE_CHECKING:
    from review import ItemView

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
    """The proposal, what was recorded, and the missing facts first (they fit a small terminal), then
    the notes, the rows that fired with their rationales, and each citation once."""
    proposed = view.proposed
    lines = [
        Text.assemble(literal("Proposed: ", style="bold"), outcome_text(proposed.outcome),
                      literal(f"  (decided by {table_label(proposed.table or 'no table')}, edition {proposed.edition})",
                              style="dim")),
        Text.assemble(literal("Recorded: ", style="bold"), recorded_words(view)),
    ]
    if view.decision is not None:
        lines.append(Text.assemble("  reason: ", literal(view.decision.reason)))
    if proposed.follows is not None:  # the chained determination: how it follows the procedure it serves
        lines.append(Text.assemble(literal("Follows: ", style="bold"), literal(proposed.follows.note)))
    if view.questions:
        lines.append(literal("Missing facts that would change the outcome:", style="bold yellow"))
        for fact in view.questions:
            taken = f" (not documented, taken as {taken_words(fact.taken_as)})" if fact.assumed else ""
            lines.append(Text.assemble("  - ", literal(fact_words(fact.name, fact.question)), literal(taken)))
    else:
        lines.append(literal("Missing facts: none would change the outcome."))
    for note in view.notes:
        lines.append(Text.assemble(literal("note ", style="bold"), literal(f"({note.reviewer}): "), literal(note.text)))
    if proposed.violation:
        lines.append(Text.assemble("the tables disagree: ", literal(proposed.violation)))
    for row in proposed.fired_rows:
        where = row.address.split(", sheet ")[0].rsplit("/", 1)[-1]
        lines.append(Text.assemble(literal("fired: ", style="bold"),
                                   literal(f"rule {row.rule} of {table_label(row.table)} ({where})")))
        if row.rationale:
            lines.append(Text.assemble("  ", literal(row.rationale)))
    cited = citation_parts(proposed.citations)
    if cited:
        lines.append(literal("Citations:", style="bold"))
        lines.extend(Text.assemble("  - ", literal(c)) for c in cited)
    for warning in proposed.warnings:
        lines.append(Text.assemble("warning: ", literal(warning)))
    return lines


class DeterminationPanel(Static):
    """Read-only: the item's proposal with rationale and citations, and what was recorded."""

    def show(self, view: ItemView) -> None:
        self.update(literal("\n").join(determination_lines(view)))
