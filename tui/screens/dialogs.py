"""The dialogs that record something: override (outcome and reason), note, fact edit.

Each dialog hands what the reviewer typed to a session call (on a thread worker) and
closes with what that call returns (the item screen passes a call that also reads the
item's new snapshot, so the screen redraws without a second trip to a worker); when the session refuses (an override
without a reason, an empty note, a value that does not fit the fact) the dialog stays
open and shows the refusal's one line.  The rules live in ``review/``, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from engine import ImrError
from tui.keymap import bindings
from tui.text import literal
from tui.widgets.keytable import KeyOptionList
from tui.words import fact_words, without_location

if TYPE_CHECKING:
    from review import FactView, ItemView
    from tui.backend import ItemSnapshot

OUTCOMES = ("Upheld", "Overturned")
OUTCOME_WORDS = {"Upheld": "the denial stands: not medically necessary",
                 "Overturned": "the denial is reversed: medically necessary"}


class ActionDialog(ModalScreen["ItemSnapshot | None"], inherit_bindings=False):
    """A form over one session call: ctrl+s (or enter in a text field) saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("back", "save", "next_pane", "prev_pane")

    DEFAULT_CSS = """
    ActionDialog { align: center middle; }
    ActionDialog #dialog {
        width: 90%; max-width: 100; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ActionDialog #dialog-title { text-style: bold; margin-bottom: 1; }
    ActionDialog #error { color: $text-error; text-style: bold; height: auto; }
    ActionDialog #keys { color: $text-muted; margin-top: 1; }
    ActionDialog KeyOptionList { height: auto; max-height: 6; }
    """

    title_text = ""

    def __init__(self, save: Callable[..., ItemSnapshot], draft: tuple[Any, ...] | None = None) -> None:
        super().__init__()
        self.save_call = save
        self.saving = False
        self.refusal = ""  # the one line of the last refusal, '' when none
        self.draft = draft  # what was typed when the dialog was last closed unsaved: restored on open

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.title_text), id="dialog-title")
            yield from self.fields()
            yield Static(id="error")
            yield Static("ctrl+s or enter saves, escape cancels (keys as set in the settings file).", id="keys")

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def values(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def on_mount(self) -> None:
        # The one on_mount of the dialogs: Textual runs a base class's handler after a
        # subclass's, so a subclass that also focused here would lose its focus to this one.
        if self.draft is not None:
            self.restore(self.draft)
        self.first_field().focus()

    def restore(self, draft: tuple[Any, ...]) -> None:
        """Put back what was typed (the same shape as ``values``)."""
        for field, value in zip(self.query(Input), draft[-len(self.query(Input)):], strict=False):
            field.value = str(value)

    def first_field(self) -> Widget:
        """The field that has the focus when the dialog opens."""
        return self.query_one(Input)

    def action_back(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        values = self.values()

        def work() -> None:
            try:
                saved = self.save_call(*values)
            except ImrError as error:  # the reason and the fix; the file and field path are not the reviewer's
                self.app.call_from_thread(self.refused, without_location(error))
                return
            self.app.call_from_thread(self.dismiss, saved)

        self.run_worker(work, thread=True, group="engine", description=self.title_text)

    def refused(self, message: str) -> None:
        self.saving = False
        self.refusal = message
        self.query_one("#error", Static).update(literal(f"Refused: {message}"))


class OverrideDialog(ActionDialog):
    """Another outcome than the proposal (or the same with the reviewer's own reason)."""

    title_text = "Override: choose the outcome and give the reason (both required)"

    def __init__(self, view: ItemView, save: Callable[[str, str], ItemSnapshot],
                 draft: tuple[Any, ...] | None = None) -> None:
        super().__init__(save, draft)
        self.view = view

    def fields(self) -> ComposeResult:
        yield Static(Text.assemble("Item: ", literal(self.view.request), "\nProposed: ", self.view.proposed.outcome))
        yield KeyOptionList(*(Option(literal(f"{o}: {OUTCOME_WORDS[o]}"), id=o) for o in OUTCOMES), id="outcome")
        yield Static(id="chosen")
        yield Input(placeholder="the reviewer's reason (required)", id="reason", select_on_focus=False)

    def first_field(self) -> Widget:
        """The outcome list, the other outcome than the proposal highlighted; with a draft, its outcome
        highlighted and the reason typed so far focused, to go on typing."""
        outcomes = self.query_one("#outcome", KeyOptionList)
        if self.draft is not None and self.draft[0] in OUTCOMES:
            outcomes.highlighted = OUTCOMES.index(self.draft[0])
        else:
            outcomes.highlighted = 0 if self.view.proposed.outcome == "Overturned" else 1
        self.show_chosen()
        reason = self.query_one("#reason", Input)
        return reason if self.draft is not None and self.draft[1] else outcomes

    @property
    def chosen(self) -> str:
        return OUTCOMES[self.query_one("#outcome", KeyOptionList).highlighted or 0]

    def show_chosen(self) -> None:
        """The outcome chosen, in words, and whether it departs from the proposal."""
        chosen = self.chosen
        same = chosen == self.view.proposed.outcome
        self.query_one("#chosen", Static).update(Text.assemble(
            "Your decision: ", literal(chosen, style="bold"), f", {OUTCOME_WORDS[chosen]}",
            " (as proposed, for your own reason)." if same else f" (the proposal was {self.view.proposed.outcome})."))

    def on_option_list_option_highlighted(self, event: KeyOptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_chosen()

    def on_option_list_option_selected(self, event: KeyOptionList.OptionSelected) -> None:
        event.stop()
        self.show_chosen()
        self.query_one("#reason", Input).focus()  # the reason typed so far stays

    def values(self) -> tuple[str, str]:
        return self.chosen, self.query_one("#reason", Input).value


class NoteDialog(ActionDialog):
    title_text = "Add a note to this item"

    def __init__(self, view: ItemView, save: Callable[[str], ItemSnapshot],
                 draft: tuple[Any, ...] | None = None) -> None:
        super().__init__(save, draft)
        self.view = view

    def fields(self) -> ComposeResult:
        yield Static(Text.assemble("Item: ", literal(self.view.request)))
        yield Input(placeholder="the note", id="text", select_on_focus=False)

    def values(self) -> tuple[str]:
        return (self.query_one("#text", Input).value,)


class FactDialog(ActionDialog):
    """A new value for one fact; saving re-evaluates the item at once."""

    title_text = "Edit a fact (the item is re-evaluated at once)"

    def __init__(self, fact: FactView, save: Callable[[str], ItemSnapshot],
                 draft: tuple[Any, ...] | None = None) -> None:
        super().__init__(save, draft)
        self.fact = fact

    def fields(self) -> ComposeResult:
        fact = self.fact
        kind = f" ({fact.type}, {fact.unit})" if fact.unit else f" ({fact.type})"
        lines = [Text.assemble(literal(fact_words(fact.name, fact.question), style="bold"), kind),
                 Text.assemble("now: ", literal(fact.shown), "  from: ", literal(fact.source))]
        if fact.allowed_values:
            lines.append(Text.assemble("allowed: ", literal(", ".join(str(v) for v in fact.allowed_values))))
        if fact.description:
            lines.append(Text.assemble(literal(fact.description, style="italic")))
        lines.append(literal("Write yes, no, a number, a date (2015-03-16), a value, or 'not documented'."))
        yield Static(literal("\n").join(lines))
        yield Input(value=fact.shown, id="value")

    def values(self) -> tuple[str]:
        return (self.query_one("#value", Input).value,)
