"""Citations, rationale placeholders, editions and their dates, Tests sheets, hidden rows."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from engine.authoring.spec import GuidelineSpec, RuleSpec
from engine.validation.findings import Severity

from .conftest import GUIDELINE, book, only, run, table


def _with_rule(spec, **changes):
    rule: RuleSpec = spec.rules[0].model_copy(update=changes)
    return spec.model_copy(update={"rules": (rule, *spec.rules[1:])})


def _edition(edition: str, start: str | None, end: str | None = None) -> GuidelineSpec:
    return GuidelineSpec(id="g", title="Demo", citation="Demo 1", edition=edition,
                         effective_from=start, effective_to=end)


def _simple(name: str = "t", output: str = "out"):
    return table(name, ["n"], [output], [(("-",), ('"yes"',) if output == "out" else ("1",))])


def test_a_row_without_citation(tmp_path):
    report = run(book(tmp_path, _with_rule(_simple(), citation=None)))
    [finding] = only(report, "citation")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.ERROR, "t", "D7")
    assert finding.message == "rule 1 of 't' cites no guideline (an empty Citation cell)"
    assert report.exit_code == 1


@pytest.mark.parametrize("citation", ['"trial"', "6", "true"])
def test_a_citation_that_reads_as_a_cell_value(tmp_path, citation):
    report = run(book(tmp_path, _with_rule(_simple(), citation=citation)))
    [finding] = only(report, "citation")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.ERROR, "t", "D7")
    assert f"cites '{citation}', which reads as a cell value, not a guideline" in finding.message


def test_a_placeholder_naming_no_fact(tmp_path):
    report = run(book(tmp_path, _with_rule(_simple(), rationale="{n} sessions, {nn} weeks, {out}")))
    [finding] = only(report, "placeholder")
    assert (finding.severity, finding.cell) == (Severity.ERROR, "E7")
    assert finding.message.startswith("the rationale of rule 1 names {nn}, which is no known fact (did you mean 'n'?)")


def test_an_edition_without_effective_from(tmp_path):
    report = run(book(tmp_path, _simple(), guideline=_edition("1", None)))
    [finding] = only(report, "effective-dates")
    assert (finding.severity, finding.sheet) == (Severity.WARNING, "Guideline")
    assert "has no 'effective from' date" in finding.message


def test_an_edition_in_the_future_is_info(tmp_path):
    later = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    report = run(book(tmp_path, _simple(), guideline=_edition("1", later)))
    [finding] = only(report, "effective-dates")
    assert finding.severity is Severity.INFO and finding.cell == "B5"


def test_editions_that_overlap(tmp_path):
    old = book(tmp_path, _simple(), guideline=_edition("2009", "2009-07-18", "2016-08-01"), name="a.xlsx")
    new = book(tmp_path, _simple(), guideline=_edition("2016", "2016-07-28"), name="b.xlsx")
    report = run(old, new)
    [finding] = only(report, "edition-overlap")
    assert (finding.file, finding.sheet, finding.cell) == (str(new), "Guideline", "B5")
    assert "editions '2009'" in finding.message and "both in effect from 2016-07-28" in finding.message
    assert only(report, "example") == []  # the Tests rows of the other workbook still run
    assert report.summary.examples == 1


def test_editions_with_days_between(tmp_path):
    old = book(tmp_path, _simple(), guideline=_edition("2009", "2009-07-18", "2016-07-20"), name="a.xlsx")
    new = book(tmp_path, _simple(), guideline=_edition("2016", "2016-07-28"), name="b.xlsx")
    [finding] = only(run(old, new), "edition-gap")
    assert finding.severity is Severity.WARNING and finding.file == str(new)
    assert "no edition of guideline 'g' is in effect from 2016-07-21 to 2016-07-27" in finding.message


def test_consecutive_editions_are_clean(tmp_path):
    old = book(tmp_path, _simple(), guideline=_edition("2009", "2009-07-18", "2016-07-27"), name="a.xlsx")
    new = book(tmp_path, _simple(), guideline=_edition("2016", "2016-07-28"), name="b.xlsx")
    report = run(old, new)
    assert only(report, "edition-gap") == only(report, "edition-overlap") == []


def test_a_workbook_without_tests(tmp_path):
    [finding] = only(run(book(tmp_path, _simple(), tests=())), "no-tests")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.WARNING, None, None)


def test_a_tests_column_naming_no_fact(tmp_path):
    from engine.authoring.spec import TestSpec

    tests = (TestSpec(id="T1", as_of="2015-01-01", inputs={"nn": 3}, expected={"out": '"yes"'}),)
    report = run(book(tmp_path, _simple(), tests=tests))
    [finding] = only(report, "unknown-fact")
    assert (finding.sheet, finding.cell) == ("Tests", "C2")
    assert finding.message == "unknown fact 'nn' in a Tests column (did you mean 'n'?)"


def test_a_hidden_row(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"yes"',)), (("<= 1",), ('"no"',))]))
    wb = openpyxl.load_workbook(path)
    wb["t"].row_dimensions[8].hidden = True
    wb.save(path)
    [finding] = only(run(path), "hidden")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.WARNING, "t", "A8")


def test_the_default_guideline_is_clean(tmp_path):
    report = run(book(tmp_path, _simple(), guideline=GUIDELINE))
    assert [f for f in report.findings if f.severity is not Severity.INFO] == []
