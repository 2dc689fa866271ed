"""Deciding on the record: each fact's absence rule, in the reader, the evaluation and the validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, WorkbookSpec
from engine.authoring.writer import write_workbook
from engine.compiler.rulebase import load_rulebase
from engine.errors import CompileError, WorkbookError
from engine.reader import read_workbook
from engine.runtime.evaluate import evaluate
from engine.runtime.trace import RowState
from engine.validation.runner import validate

GUIDE = GuidelineSpec(id="g", title="T", citation="C", edition="1")


def _facts(red_flag: str | None = "taken as false", improved: str | None = "must be documented") -> tuple:
    return (
        FactSpec(name="red_flag", type="boolean", description="A red flag is present.",
                 question="Is a red flag documented?", when_not_documented=red_flag,
                 absence_basis="ACOEM: a red flag no record mentions is absent"),
        FactSpec(name="improved", type="boolean", question="Is improvement documented?",
                 when_not_documented=improved),
        FactSpec(name="kind", type="enumeration", allowed_values='"initial","extension"',
                 when_not_documented="taken as null"),
        FactSpec(name="x.outcome", type="enumeration", allowed_values='"Overturned","Upheld"'),
        FactSpec(name="y.outcome", type="enumeration", allowed_values='"Overturned","Upheld"'),
    )


def _tables() -> tuple:
    return (
        TableSpec(name="x", hit_policy="FIRST", inputs=("red_flag", "kind"), outputs=("x.outcome",), rules=(
            RuleSpec(inputs=("true", "-"), outputs=('"Overturned"',), citation="ACOEM ch. 12"),
            RuleSpec(inputs=("false", "null"), outputs=('"Upheld"',), citation="ACOEM ch. 12",
                     rationale="No red flag."),
            RuleSpec(inputs=("false", '"initial"'), outputs=('"Overturned"',), citation="ACOEM ch. 12"),
        )),
        TableSpec(name="y", hit_policy="FIRST", inputs=("x.outcome", "improved"), outputs=("y.outcome",), rules=(
            RuleSpec(inputs=('"Overturned"', "-"), outputs=('"Overturned"',), citation="C"),
            RuleSpec(inputs=('"Upheld"', "true"), outputs=('"Overturned"',), citation="C"),
            RuleSpec(inputs=('"Upheld"', "false"), outputs=('"Upheld"',), citation="C"),
        )),
    )


def _book(tmp_path: Path, name: str = "a.xlsx", facts: tuple | None = None) -> Path:
    spec = WorkbookSpec(guideline=GUIDE, facts=facts or _facts(), tables=_tables())
    return write_workbook(spec, tmp_path / name)


@pytest.fixture
def rulebase(tmp_path):
    rb = load_rulebase(_book(tmp_path))
    yield rb
    rb.close()


def test_the_reader_keeps_each_rule_and_its_basis(tmp_path):
    facts = read_workbook(_book(tmp_path)).facts
    assert (facts["red_flag"].absence.kind, facts["red_flag"].absence.value) == ("taken as", False)
    assert facts["red_flag"].absence.basis == "ACOEM: a red flag no record mentions is absent"
    assert facts["improved"].absence.kind == "must be documented"
    assert facts["kind"].absence.taken and facts["kind"].absence.value is None
    assert facts["x.outcome"].absence is None


@pytest.mark.parametrize(("rule", "message"), [
    ("taken for false", "bad absence rule for fact 'red_flag'"),
    ("taken as 3", "absence value of fact 'red_flag' does not fit its type: expected taken as true or taken as "
     "false for a boolean fact"),
    ("taken as true, false", "bad absence rule for fact 'red_flag'"),
])
def test_a_bad_rule_is_one_line_naming_the_cell(tmp_path, rule, message):
    with pytest.raises(WorkbookError) as info:
        read_workbook(_book(tmp_path, facts=_facts(red_flag=rule)))
    line = str(info.value)
    assert "\n" not in line and "sheet 'Facts', cell G2" in line and message in line


def test_a_value_outside_the_allowed_values_is_refused(tmp_path):
    facts = list(_facts())
    facts[2] = facts[2].model_copy(update={"when_not_documented": 'taken as "later"'})
    with pytest.raises(WorkbookError, match="is not an allowed value"):
        read_workbook(_book(tmp_path, facts=tuple(facts)))


def test_an_undocumented_fact_is_decided_on_its_rule_and_the_trace_says_so(rulebase):
    result = evaluate(rulebase, {})
    assert result.assumed == {"red_flag": False, "kind": None}
    x = result.tables["x"]
    assert x.value == "Upheld" and x.selected == [2]
    cell = x.rows[1].cells[0]
    assert cell.assumed and cell.describe().endswith("red_flag = not documented: taken as false passes false")
    # the reviewer is still told that a red flag would change the outcome
    assert sorted(x.missing_facts) == ["kind", "red_flag"]


def test_a_documented_value_wins_over_the_rule(rulebase):
    result = evaluate(rulebase, {"red_flag": True})
    assert result.tables["x"].value == "Overturned" and "red_flag" not in result.assumed
    assert not result.tables["x"].rows[0].cells[0].assumed


def test_must_be_documented_leaves_the_item_open_and_asks(rulebase):
    result = evaluate(rulebase, {})
    y = result.tables["y"]
    assert y.value is None and any(r.state is RowState.UNDECIDED for r in y.rows)
    assert "improved" in [m.name for m in result.missing_facts]


def test_an_assumed_fact_upstream_is_listed_for_the_deciding_table(rulebase):
    result = evaluate(rulebase, {"improved": False})
    assert result.tables["y"].value == "Upheld"
    assert "red_flag" in result.tables["y"].missing_facts  # through x.outcome, by its root fact


def test_off_the_record_nothing_is_assumed(rulebase):
    result = evaluate(rulebase, {}, on_record=False)
    assert result.assumed == {} and result.tables["x"].value is None


def test_two_glossaries_with_different_rules_do_not_compile(tmp_path):
    first = _book(tmp_path, "a.xlsx")
    other = WorkbookSpec(guideline=GuidelineSpec(id="h", title="T", citation="C", edition="1"),
                         facts=(FactSpec(name="red_flag", type="boolean", when_not_documented="taken as true"),
                                FactSpec(name="z", type="boolean")),
                         tables=(TableSpec(name="z", hit_policy="FIRST", inputs=("red_flag",), outputs=("z",),
                                           rules=(RuleSpec(inputs=("-",), outputs=("true",), citation="C"),)),))
    with pytest.raises(CompileError, match="fact 'red_flag' has two absence rules"):
        load_rulebase([first, write_workbook(other, tmp_path / "b.xlsx")])


def test_the_validator_asks_every_root_fact_for_a_rule(tmp_path):
    path = _book(tmp_path, facts=_facts(improved=None))
    findings = [f for f in validate([path]).findings if f.check == "absence"]
    assert [(f.severity.value, f.sheet, f.cell) for f in findings] == [("error", "Facts", "A3")]
    assert "fact 'improved' (read by y) declares no absence rule" in findings[0].message


def test_the_letter_note_reads_as_what_the_records_do_not_document(tmp_path):
    from engine.cases.determination import absence_note

    facts = read_workbook(_book(tmp_path)).facts
    assert absence_note(facts["red_flag"], "red_flag", False) == \
        "The records do not document that a red flag is present."
    assert absence_note(facts["kind"], "kind", None) == "Not documented, and so taken as null: kind."
