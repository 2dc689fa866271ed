"""Cells against the glossary: unknown facts, types, allowed values, hit-policy needs."""

from __future__ import annotations

from engine.validation.findings import Severity

from .conftest import book, only, run, table


def _cells(report, check):
    return [(f.sheet, f.cell) for f in only(report, check)]


def test_unknown_fact_in_a_column_suggests_the_name(tmp_path):
    report = run(book(tmp_path, table("t", ["nn"], ["out"], [(("> 1",), ('"yes"',))])))
    [finding] = only(report, "unknown-fact")
    assert (finding.severity, finding.cell) == (Severity.ERROR, "B6")
    assert finding.message == "unknown fact 'nn' in an input column (did you mean 'n'?)"


def test_unknown_fact_inside_a_cell_and_an_output(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["limit"], [(("> limmit",), ("n + lmit",))])))
    messages = {(f.cell, f.message) for f in only(report, "unknown-fact")}
    assert ("B7", "unknown fact 'limmit' in a test (did you mean 'limit'?)") in messages
    assert ("C7", "unknown fact 'lmit' in an output (did you mean 'limit'?)") in messages


def test_a_text_tested_against_a_number_fact(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(('"6"',), ('"yes"',))])))
    [finding] = only(report, "type")
    assert finding.cell == "B7"
    assert "compares 'n' (number) with a text (\"6\"), which never matches" in finding.message


def test_a_date_against_a_duration(tmp_path):
    report = run(book(tmp_path, table("t", ["d"], ["out"], [(('> duration("P30D")',), ('"yes"',))])))
    [finding] = only(report, "type")
    assert finding.cell == "B7" and "'d' (date) with a days and time duration" in finding.message


def test_two_kinds_of_duration_never_compare(tmp_path):
    report = run(book(tmp_path, table("t", ["dur"], ["out"], [(('< duration("P1M")',), ('"yes"',))])))
    assert "with a years and months duration" in only(report, "type")[0].message


def test_booleans_are_not_ordered(tmp_path):
    report = run(book(tmp_path, table("t", ["flag"], ["out"], [(("> false",), ('"yes"',))])))
    assert _cells(report, "type") == [("t", "B7")]
    assert "booleans are not ordered" in only(report, "type")[0].message


def test_a_name_of_another_type(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(("> d",), ('"yes"',))])))
    assert "compares 'n' (number) with 'd' (date)" in only(report, "type")[0].message


def test_value_outside_an_enumeration(tmp_path):
    report = run(book(tmp_path, table("t", ["e"], ["out"], [(('"aa"',), ('"yes"',))])))
    [finding] = only(report, "allowed-value")
    assert finding.cell == "B7"
    assert finding.message == "\"aa\" is not one of the allowed values of 'e' (\"a\", \"b\", \"c\"); did you mean 'a'?"


def test_output_outside_the_output_facts_values(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"maybe"',))])))
    assert _cells(report, "allowed-value") == [("t", "C7")]


def test_output_of_the_wrong_type(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["flag"], [(("> 1",), ("n + 1",)), (("<= 1",), ("5",))])))
    messages = {(f.cell, f.message) for f in only(report, "type")}
    assert ("C7", "n + 1: gives a number for 'flag' (boolean)") in messages
    assert ("C8", "output 5 is a number, but 'flag' (boolean) holds a boolean") in messages


def test_output_outside_the_columns_output_values(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"no"',))], "P",
                                      output_values=('"yes"',))))
    [finding] = only(report, "allowed-value")
    assert finding.cell == "C8" and "the column's output values" in finding.message


def test_priority_needs_output_values(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"no"',))], "P")))
    [finding] = only(report, "hit-policy")
    assert (finding.severity, finding.cell) == (Severity.ERROR, "C6")
    assert "PRIORITY ranks rows by their outputs" in finding.message


def test_output_order_needs_output_values(tmp_path):
    report = run(book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"no"',))], "O")))
    assert _cells(report, "hit-policy") == [("t", "C6")]


def test_aggregation_needs_one_output_of_numbers(tmp_path):
    two = run(book(tmp_path, table("t", ["n"], ["limit", "k"], [(("> 1",), ("1", "2"))], "C+"), name="a.xlsx"))
    assert _cells(two, "hit-policy") == [("t", "B1")]
    text = run(book(tmp_path, table("t", ["n"], ["out"], [(("> 1",), ('"no"',))], "C+"), name="b.xlsx"))
    assert "C+ sums numbers, but 'out' (enumeration) is not a number" in only(text, "hit-policy")[0].message


def test_allowed_values_of_another_type_in_the_glossary(tmp_path):
    from engine.authoring.spec import FactSpec

    from .conftest import FACTS

    facts = [*FACTS, FactSpec(name="visits", type="integer", allowed_values='"one","two"')]
    report = run(book(tmp_path, table("t", ["visits"], ["out"], [(("[1..6]",), ('"yes"',))]), facts=facts))
    [finding] = only(report, "type")
    assert (finding.sheet, finding.cell) == ("Facts", f"A{len(facts) + 1}")
    assert finding.message == "allowed value \"one\" of 'visits' (integer) is a text"
    assert only(report, "unmatchable") == []  # the column ranges over integers all the same


def test_the_shipped_style_is_clean(tmp_path):
    rows = [(('"a","b"', "> limit", "true"), ('"yes"',)), (('not("a","b")', "-", "-"), ('"no"',))]
    report = run(book(tmp_path, table("t", ["e", "n", "flag"], ["out"], rows, "F")))
    for check in ("unknown-fact", "type", "allowed-value", "hit-policy"):
        assert only(report, check) == []
