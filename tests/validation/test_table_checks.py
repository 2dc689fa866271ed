"""Static analysis of one table: each check triggered by a small workbook, at its cell."""

from __future__ import annotations

from engine.validation.findings import Severity

from .conftest import book, only, run, table


def _one(report, check):
    [finding] = only(report, check)
    return finding


def test_overlap_under_unique_names_both_rules_and_where(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("[1..6]",), ('"yes"',)), (("> 5",), ('"no"',))]))
    report = run(path)
    finding = _one(report, "overlap")
    assert (finding.severity, finding.sheet, finding.cell) == (Severity.ERROR, "t", "A8")
    assert "rules 1 and 2 both match (UNIQUE lets one row match), e.g. n: (5..6]" in finding.message
    assert report.exit_code == 1


def test_any_allows_overlaps_with_the_same_outputs_only(tmp_path):
    same = book(tmp_path, table("t", ["n"], ["out"], [(("> 0",), ('"yes"',)), (("> 5",), ('"yes"',))], "A"),
                name="same.xlsx")
    differ = book(tmp_path, table("t", ["n"], ["out"], [(("> 0",), ('"yes"',)), (("> 5",), ('"no"',))], "A"),
                  name="differ.xlsx")
    assert only(run(same), "overlap") == []
    finding = _one(run(differ), "overlap")
    assert finding.cell == "A8" and "ANY needs the same outputs" in finding.message


def test_duplicate_rows(tmp_path):
    rows = [(("> 0", "true"), ('"yes"',)), ((">0", "true"), ('"yes"',))]
    first = run(book(tmp_path, table("t", ["n", "flag"], ["out"], rows, "F"), name="f.xlsx"))
    finding = _one(first, "duplicate")
    assert (finding.severity, finding.cell) == (Severity.WARNING, "A8")
    assert finding.message.startswith("rule 2 has the same inputs as rule 1, with the same outputs")
    assert only(first, "shadowed") == []  # said once, as a duplicate
    unique = run(book(tmp_path, table("t", ["n", "flag"], ["out"], rows, "U"), name="u.xlsx"))
    assert _one(unique, "duplicate").severity is Severity.ERROR
    assert only(unique, "overlap") == []


def test_shadowed_by_one_earlier_row(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("> 0",), ('"yes"',)), (("> 5",), ('"no"',))], "F"))
    finding = _one(run(path), "shadowed")
    assert (finding.severity, finding.cell) == (Severity.WARNING, "A8")
    assert finding.message == ("rule 2 can never fire: rule 1 catches every case it would (FIRST: the first "
                               "matching row decides); move it up, narrow the earlier rows, or remove it")


def test_shadowed_by_earlier_rows_together(tmp_path):
    rows = [(("[0..5]",), ('"yes"',)), ((">= 5",), ('"yes"',)), (("[2..7]",), ('"no"',))]
    finding = _one(run(book(tmp_path, table("t", ["n"], ["out"], rows, "F"))), "shadowed")
    assert finding.cell == "A9" and "rule 3 can never fire: rules 1 and 2 catch every case it would" in finding.message


def test_not_shadowed_when_one_input_is_left(tmp_path):
    rows = [(("[0..5]",), ('"yes"',)), (("> 5",), ('"yes"',)), (("[-1..7]",), ('"no"',))]
    assert only(run(book(tmp_path, table("t", ["n"], ["out"], rows, "F"))), "shadowed") == []


def test_masked_under_priority(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("> 5",), ('"no"',)), (("> 0",), ('"yes"',))], "P",
                                output_values=('"yes","no"',)))
    finding = _one(run(path), "masked")
    assert finding.cell == "A8"  # an Output values row shifts the rules down one row
    assert finding.message == ("rule 1 can never fire: rule 2 catches every case it would with an output of higher "
                               "priority (PRIORITY); change its output or remove it")


def test_subsumed_row_with_the_same_outputs(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("> 0",), ('"yes"',)), (("> 5",), ('"yes"',))], "A"))
    finding = _one(run(path), "subsumed")
    assert (finding.severity, finding.cell) == (Severity.WARNING, "A8")
    assert "rule 2 lies inside rule 1 with the same outputs: it can go" in finding.message


def test_a_special_case_before_the_general_row_is_only_info_under_first(tmp_path):
    spec = table("t", ["n"], ["out"], [(("> 5",), ('"yes"',)), (("> 0",), ('"yes"',))], "F")
    rules = (spec.rules[0].model_copy(update={"rationale": "more than five"}), spec.rules[1])
    finding = _one(run(book(tmp_path, spec.model_copy(update={"rules": rules}))), "subsumed")
    assert finding.severity is Severity.INFO and finding.cell == "A7"
    assert "it only changes the citation or rationale shown" in finding.message


def test_unmatchable_cell(tmp_path):
    path = book(tmp_path, table("t", ["n"], ["out"], [(("[6..1]",), ('"yes"',))]))
    finding = _one(run(path), "unmatchable")
    assert (finding.severity, finding.cell) == (Severity.ERROR, "B7")
    assert "rule 1 can never match: [6..1] matches no value of 'n'" in finding.message


def test_a_wrong_type_is_one_finding_not_two(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(('"5"',), ('"yes"',))])))
    assert [f.cell for f in only(report, "type")] == ["B7"]
    assert only(report, "unmatchable") == []


def test_gap_as_ranges_at_the_table_name(tmp_path):
    report = run(book(tmp_path, table("t", ["n", "flag"], ["out"], [(("[1..6]", "-"), ('"yes"',)),
                                                                     (("> 6", "true"), ('"no"',))])))
    gaps = only(report, "gap")
    assert {(g.severity, g.sheet, g.cell) for g in gaps} == {(Severity.WARNING, "t", "B1")}
    regions = sorted(g.message.rsplit("; add a row", 1)[0] for g in gaps)
    assert regions == ["no row matches n: < 1, > 6; flag: false", "no row matches n: < 1; flag: true"]
    assert report.exit_code == 0  # gaps are warnings


def test_max_gaps_limits_the_lines(tmp_path):
    path = book(tmp_path, table("t", ["n", "flag"], ["out"], [(("[1..6]", "-"), ('"yes"',)),
                                                               (("> 6", "true"), ('"no"',))]))
    [gap] = only(run(path, max_gaps=1), "gap")
    assert "(and more: --max-gaps lists them)" in gap.message


def test_a_default_or_a_catch_all_leaves_no_gap(tmp_path):
    rows = [(("[1..6]",), ('"yes"',))]
    default = book(tmp_path, table("t", ["n"], ["out"], rows, defaults=('"no"',)), name="default.xlsx")
    catch_all = book(tmp_path, table("t", ["n"], ["out"], [*rows, (("-",), ('"no"',))], "F"), name="all.xlsx")
    for path in (default, catch_all):
        report = run(path)
        assert only(report, "gap") == [] and only(report, "gap-undocumented") == []


def test_gap_while_a_fact_is_not_documented(tmp_path):
    rows = [(("> 0", "-"), ('"yes"',)), (("<= 0", "true"), ('"no"',)), (("<= 0", "false"), ('"no"',))]
    report = run(book(tmp_path, table("t", ["n", "flag"], ["out"], rows)))
    assert only(report, "gap") == []
    finding = _one(report, "gap-undocumented")
    assert (finding.severity, finding.cell) == (Severity.INFO, "B1")
    assert "while any of n, flag is not documented" in finding.message


def test_gap_in_a_collect_table_is_info(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(("> 0",), ('"yes"',))], "C")))
    assert {g.severity for g in only(report, "gap")} == {Severity.INFO}


def test_cells_naming_another_fact_split_without_overlap(tmp_path):
    rows = [(("> limit",), ('"yes"',)), (("<= limit",), ('"no"',))]
    report = run(book(tmp_path, table("t", ["n"], ["out"], rows)))
    assert only(report, "overlap") == [] and only(report, "gap") == []
    assert "while n (or limit) is not documented" in _one(report, "gap-undocumented").message
