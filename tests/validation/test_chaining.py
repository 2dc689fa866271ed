"""Checks over every workbook: one glossary, table names, producers, cycles, supply."""

from __future__ import annotations

from pathlib import Path

from engine.authoring.spec import FactSpec, GuidelineSpec
from engine.validation.findings import Severity

from .conftest import FACTS, book, only, run, table


def _other(id_: str = "h") -> GuidelineSpec:
    return GuidelineSpec(id=id_, title="Other", citation="Other 1", edition="1", effective_from="2010-01-01")


def test_a_fact_with_two_types(tmp_path):
    first = book(tmp_path, table("a", ["n"], ["out"], [(("-",), ('"yes"',))]), name="a.xlsx")
    facts = [FactSpec(name="n", type="text"), FactSpec(name="limit", type="number")]
    second = book(tmp_path, table("b", ["n"], ["limit"], [(("-",), ("1",))]), name="b.xlsx",
                  facts=facts, guideline=_other())
    [finding] = only(run(first, second), "fact-type")
    assert (finding.file, finding.sheet, finding.cell) == (str(second), "Facts", "A2")
    assert finding.message.startswith("fact 'n' is 'text' here but 'number' in ")


def test_a_table_name_used_twice(tmp_path):
    first = book(tmp_path, table("t", ["n"], ["out"], [(("-",), ('"yes"',))]), name="a.xlsx")
    second = book(tmp_path, table("t", ["n"], ["limit"], [(("-",), ("1",))]), name="b.xlsx", guideline=_other())
    [finding] = only(run(first, second), "duplicate-table")
    assert (finding.file, finding.sheet, finding.cell) == (str(second), "t", "B1")


def test_a_fact_written_by_two_tables(tmp_path):
    path = book(tmp_path, table("a", ["n"], ["out"], [(("-",), ('"yes"',))]),
                table("b", ["k"], ["out"], [(("-",), ('"no"',))]))
    [finding] = only(run(path), "two-producers")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.ERROR, "b", "C6")
    assert "fact 'out' is written by table 'b' and by table 'a'" in finding.message


def test_every_cycle_with_its_path(tmp_path):
    path = book(
        tmp_path,
        table("make_limit", ["n"], ["limit"], [(("-",), ("1",))]),
        table("make_n", ["limit"], ["n"], [(("-",), ("2",))]),
        table("loop", ["k"], ["k"], [(("-",), ("3",))]),
    )
    report = run(path)
    cycles = {f.sheet: f.message for f in only(report, "cycle")}
    assert set(cycles) == {"make_limit", "loop"}
    assert "'make_limit' reads 'n' from 'make_n'; 'make_n' reads 'limit' from 'make_limit'" in cycles["make_limit"]
    assert "'loop' reads 'k' from 'loop'" in cycles["loop"]
    assert report.summary.examples == 0 and only(report, "compile")  # no rule base: the Tests rows wait


def test_an_output_no_table_reads_is_info_unless_a_determination(tmp_path):
    path = book(tmp_path, table("a", ["n"], ["out"], [(("-",), ('"yes"',))]),
                table("x", ["out"], ["x.outcome"], [(("-",), ('"Upheld"',))]),
                table("b", ["k"], ["limit"], [(("-",), ("1",))]))
    [finding] = only(run(path), "unread-output")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.INFO, "b", "C6")
    assert finding.message == "output 'limit' of table 'b' is read by no table and shown in no rationale"


def test_an_output_a_rationale_shows_is_read(tmp_path):
    shows = table("b", ["k"], ["limit"], [(("-",), ("1",))])
    shows = shows.model_copy(update={"rules": (shows.rules[0].model_copy(update={"rationale": "up to {limit}"}),)})
    assert only(run(book(tmp_path, shows)), "unread-output") == []


def _cases(folder: Path, facts: str) -> Path:
    folder.mkdir()
    (folder / "c1.yaml").write_text(f"""
case: C-1
dates: {{injury: 2014-01-10, ur_decision: 2015-04-01, imr_application: 2015-04-20}}
claimant: {{age: 45, sex: male}}
diagnoses: [strain]
clinical_summary: Back pain.
items:
  - request: Item 2 times a week for 3 weeks
    topic: x
    ur: {{decision: denied}}
    facts: {facts}
""")
    return folder


def test_a_fact_no_table_produces_and_no_case_documents(tmp_path):
    facts = [*FACTS, FactSpec(name="request.quantity", type="number")]
    path = book(tmp_path, table("x", ["n", "flag", "request.quantity"], ["x.outcome"],
                                [(("> 1", "-", "-"), ('"Upheld"',))], "F"), facts=facts)
    cases = _cases(tmp_path / "cases", "{n: 3}")
    report = run(path, cases=cases)
    [finding] = only(report, "unsupplied")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.WARNING, "x", "C6")
    assert finding.message == f"fact 'flag' (read by x) is produced by no table and documented by no case in {cases}"
    assert only(run(path), "unsupplied") == []  # without cases nothing is known about supply


def test_a_case_that_does_not_read(tmp_path):
    path = book(tmp_path, table("x", ["n"], ["x.outcome"], [(("-",), ('"Upheld"',))]))
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "bad.yaml").write_text("case: C-2\n")
    [finding] = only(run(path, cases=cases), "case")
    assert finding.file == str(cases / "bad.yaml") and finding.field == "clinical_summary"
