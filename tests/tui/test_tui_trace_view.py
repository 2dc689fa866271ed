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
    rule = model.rules[4]  # rule 5, not fired
    links = trace_view.row_links(rulebase, evaluation, result.rows[4])
    rows = {key: [c.plain for c in cells] for key, cells in trace_view.row_detail(model, result, rule, links)}
    assert rows["acupuncture_determination!F12"] == [
        "fails", "indicated", "yes", "false", "acupuncture_determination!F12",
        "acupuncture indication (enter opens it)"]
    assert trace_view.row_heading(result, rule).plain.startswith("Rule 5 (row 12): not fired\ncitation: ")


def test_a_row_that_did_not_fire_shows_its_rationale_without_placeholders(rulebase):
    _, evaluation = seed_item(rulebase, 1)
    result = evaluation.tables["acupuncture_determination"]
    model = trace_view.table_model(rulebase, result)
    rule = model.rules[1]  # rule 2: "{request.per_week} sessions a week is more often than that"
    assert "{request.per_week}" in (rule.rationale or "") and result.rows[1].state.value == "not fired"
    heading = trace_view.row_heading(result, rule, trace_view.known_values(evaluation)).plain
    assert "rationale: Acupuncture is given 1 to 3 times a week; 2 sessions a week is more often" in heading
    assert "{" not in heading
    unknown = trace_view.row_heading(result, rule, {}).plain  # a fact no cell read: its label in words
    assert "(per week) sessions a week" in unknown and "{" not in unknown


def test_the_table_title_says_the_hit_policy_in_words(rulebase):
    _, evaluation = seed_item(rulebase, 1)
    result = evaluation.tables["acupuncture_determination"]
    title = trace_view.table_title(trace_view.table_model(rulebase, result), result).plain
    assert title.startswith("acupuncture determination: Overturned; the first matching row decides (acupuncture.xlsx")
    assert "_" not in title.split("(")[0] and '"' not in title
    assert trace_view.header(trace_view.table_model(rulebase, result))[2:4] == ["screen", "course"]


def test_control_characters_become_visible_pictures():
    assert clean("a\x1b[31mb\x07c\x9bd\ne\tf") == "a␛[31mb␇c\ufffdd\ne\tf"
    assert literal("[b]x[/b]").plain == "[b]x[/b]" and not literal("[b]x[/b]").spans


def test_each_citation_once():
    from tui.words import citation_parts

    cited = ["MTUS Acupuncture Medical Treatment Guidelines, 8 CCR 9792.24.1(d); 8 CCR 9792.20(f)",
             "8 CCR 9792.20(f) (functional improvement); MTUS Acupuncture Medical Treatment Guidelines, "
             "8 CCR 9792.24.1(d)", None, "MTUS Acupuncture Medical Treatment Guidelines, 8 CCR 9792.24.1(d)"]
    assert citation_parts(cited) == ["MTUS Acupuncture Medical Treatment Guidelines, 8 CCR 9792.24.1(d)",
                                     "8 CCR 9792.20(f) (functional improvement)"]


def test_the_proposal_names_facts_by_their_question_and_cites_each_source_once(rulebase, tmp_path):
    from review import ReviewSession, SqliteReviewStore
    from tui.widgets.determination import determination_lines

    determination, _ = seed_item(rulebase, 1)
    assert determination.citations, "the seed item cites its sources"
    session = ReviewSession.open(SEED, rulebase, SqliteReviewStore(tmp_path / "reviews.sqlite3"), "dr-test")
    text = "\n".join(line.plain for line in determination_lines(session.item(1)))
    assert rulebase.facts["request.primary_denied"].question in text
    assert "request.primary_denied" not in text and "{" not in text
    cited = text.split("Citations:\n", 1)[1].splitlines()
    assert len(cited) == len(set(cited)) and "  - 8 CCR 9792.20(f) (functional improvement)" in cited
    assert "  - 8 CCR 9792.20(f)" not in cited
