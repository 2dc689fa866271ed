"""A decision table and its trace as the reviewer reads them: states in words, the failing cell, why."""

from __future__ import annotations

from tui_pilot import SEED

from engine.cases.determination import determine_item
from engine.cases.loader import load_case
from tui import trace_view
from tui.text import clean, literal


def seed_item(rulebase, index):
    case = load_case(SEED)
    return determine_item(rulebase, case, index, str(SEED))


def test_rows_are_marked_in_words_and_only_the_waiting_cells_get_a_question_mark(rulebase):
    _, evaluation = seed_item(rulebase, 0)
    result = evaluation.tables["office_visit_determination"]
    model = trace_view.table_model(rulebase, result)
    states = [trace_view.row_cells(model, result, rule)[1].plain for rule in model.rules]
    assert states[result.selected[0] - 1] == "fired, selected"
    assert set(states) <= {"fired", "fired, selected", "not fired", "undecided"}
    for rule in model.rules:
        trace = result.rows[rule.number - 1]
        cells = [c.plain for c in trace_view.row_cells(model, result, rule)[2:2 + len(rule.inputs)]]
        waiting = [c.plain.endswith(" (?)") for c in trace_view.row_cells(model, result, rule)[2:2 + len(rule.inputs)]]
        assert waiting == [trace_view.cell_verdict(c) == "not documented" for c in trace.cells]
        if trace.failing is not None:
            assert sum(cell.endswith(" (fails)") for cell in cells) == 1


def test_the_row_detail_says_why_each_cell_passed_or_failed(rulebase):
    _, evaluation = seed_item(rulebase, 1)
    result = evaluation.tables["acupuncture_determination"]
    model = trace_view.table_model(rulebase, result)
    rule = model.rules[3]  # rule 4, not fired
    links = trace_view.row_links(rulebase, evaluation, result.rows[3])
    rows = {key: [c.plain for c in cells] for key, cells in trace_view.row_detail(model, result, rule, links)}
    assert rows["acupuncture_determination!F11"] == [
        "fails", "acupuncture.indicated", "true", "false", "acupuncture_determination!F11",
        "acupuncture_indication (enter opens it)"]
    assert trace_view.row_heading(result, rule).plain.startswith("Rule 4 (row 11): not fired\ncitation: ")


def test_control_characters_become_visible_pictures():
    assert clean("a\x1b[31mb\x07c\x9bd\ne\tf") == "a␛[31mb␇c\ufffdd\ne\tf"
    assert literal("[b]x[/b]").plain == "[b]x[/b]" and not literal("[b]x[/b]").spans
