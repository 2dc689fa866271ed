"""Syntax errors: one line naming where (column), what was expected and what was found."""

from __future__ import annotations

import pickle

import pytest

from engine.errors import ImrError
from engine.feel import (
    FeelSyntaxError,
    parse_expression,
    parse_literal,
    parse_literal_list,
    parse_unary_tests,
)

START = 'a number, a "string", a comparison such as >= 6, an interval such as [3..6], or -'


def error(parse: object, text: str) -> FeelSyntaxError:
    with pytest.raises(FeelSyntaxError) as info:
        parse(text)  # type: ignore[operator]
    return info.value


def test_error_is_an_imr_error_and_a_value_error() -> None:
    exc = error(parse_unary_tests, ">=")
    assert isinstance(exc, ImrError) and isinstance(exc, ValueError)
    assert exc.text == ">="


def test_empty_cell() -> None:
    exc = error(parse_unary_tests, "")
    assert (exc.column, exc.expected, exc.found) == (1, START, "end of text")
    assert str(exc) == f"cannot read '' at column 1: expected {START}, found end of text"


@pytest.mark.parametrize(
    ("text", "column", "expected", "found"),
    [
        ("=5", 1, START, "'='"),
        ("!= 3", 1, START, "'!='"),
        ("1,", 3, START.replace("or -", "or a fact name"), "end of text"),
        ("not(", 5, START.replace("or -", "or a fact name"), "end of text"),
        ("@x", 1, START, "'@'"),
        (
            ">",
            2,
            'a number, a "string", a fact name, true or false, '
            'or a date, time or duration such as date("2015-03-16")',
            "end of text",
        ),
        ("[1 5]", 4, "..", "'5'"),
        ("[1,2,3]", 3, "..", "','"),
        ("[1..5", 6, "a closing bracket ] or )", "end of text"),
        ("(1..5 x", 7, "a closing bracket ] or )", "'x'"),
        ("1 2", 3, "a comma or end of text", "'2'"),
        ("5..", 2, "a comma or end of text", "'..'"),
        ("not(1", 6, "a comma or a closing parenthesis )", "end of text"),
        ("not(1, 2]", 9, "a comma or a closing parenthesis )", "']'"),
        ("a.", 3, "a fact name", "end of text"),
        ("-x", 2, "a number or end of text", "'x'"),
        ('"abc', 1, START, 'a " that opens a string never closed'),
    ],
)
def test_unary_test_errors(text: str, column: int, expected: str, found: str) -> None:
    exc = error(parse_unary_tests, text)
    assert (exc.column, exc.expected, exc.found) == (column, expected, found)
    line = str(exc)
    assert "\n" not in line
    assert f"column {column}" in line and expected in line and found in line


def test_column_counts_characters_across_line_breaks() -> None:
    exc = error(parse_unary_tests, '"a",\n"b" "c"')
    assert exc.column == 10 and exc.found == "'\"c\"'"


@pytest.mark.parametrize(
    ("text", "column", "expected_part", "found"),
    [
        ('date("2018-13-01")', 6, 'a date such as "2015-03-16"', '"2018-13-01"'),
        ('date("1/2/2018")', 6, 'a date such as "2015-03-16"', '"1/2/2018"'),
        ('time("25:00:00")', 6, 'a time such as "10:30:00"', '"25:00:00"'),
        ('time("10:30:00+01:75")', 6, "a time such as", '"10:30:00+01:75"'),
        ('time("10:30:00@Mars/Olympus")', 6, "a time such as", '"10:30:00@Mars/Olympus"'),
        ('date and time("2018-07-30T99:00")', 15, "a date and time", '"2018-07-30T99:00"'),
        ('duration("P1M2D")', 10, 'a duration such as "P42D"', '"P1M2D"'),
        ('duration("P")', 10, "a duration", '"P"'),
        ('duration("PT")', 10, "a duration", '"PT"'),
        ('duration("42 days")', 10, "a duration", '"42 days"'),
        (r'> "a\qb"', 5, "an escape such as", r"'\q'"),
    ],
)
def test_invalid_literal_contents(text: str, column: int, expected_part: str, found: str) -> None:
    exc = error(parse_unary_tests, text)
    assert exc.column == column and expected_part in exc.expected and exc.found == found


@pytest.mark.parametrize(
    ("text", "column", "expected", "found"),
    [
        (
            "1 +",
            4,
            'a number, a "string", a fact name, true or false, '
            'or a date, time or duration such as date("2015-03-16")',
            "end of text",
        ),
        ("(1", 3, "an operator such as + or *, a comparison such as = or <, "
         "or a closing parenthesis )", "end of text"),
        ("a < b < c", 7, "an operator such as + or * or end of text", "'<'"),
        ("x)", 2, "an operator such as + or *, a comparison such as = or <, or end of text",
         "')'"),
        ("1 2", 3, "an operator such as + or *, a comparison such as = or <, or end of text",
         "'2'"),
    ],
)
def test_expression_errors(text: str, column: int, expected: str, found: str) -> None:
    exc = error(parse_expression, text)
    assert (exc.column, exc.expected, exc.found) == (column, expected, found)


def test_unary_test_syntax_is_not_an_expression() -> None:
    assert error(parse_expression, "[1..2]").column == 1
    assert error(parse_expression, "-").found == "end of text"
    assert error(parse_expression, '"a", "b"').found == "','"


def test_literal_errors() -> None:
    exc = error(parse_literal, "x")
    assert exc.column == 1 and exc.found == "'x'" and "a number" in exc.expected
    assert error(parse_literal, "1, 2").found == "','"
    assert error(parse_literal, "> 1").found == "'>'"
    assert error(parse_literal_list, "1,").column == 3
    assert error(parse_literal_list, "").found == "end of text"


def test_deep_nesting_is_refused() -> None:
    exc = error(parse_expression, "(1 + " * 150 + "1" + ")" * 150)
    assert "nested" in exc.expected and exc.column == 1
    assert "nested" in error(parse_expression, "-" * 150 + "x").expected
    assert parse_expression("(1 + " * 50 + "1" + ")" * 50).evaluate() == 51
    assert parse_expression("(" * 500 + "1" + ")" * 500).evaluate() == 1  # no node per pair


def test_long_text_is_shortened_in_the_message() -> None:
    text = ">= " + "1" * 200 + " x"
    exc = error(parse_unary_tests, text)
    assert exc.text == text and len(str(exc)) < 250 and exc.column == 205


def test_error_pickles() -> None:
    exc = error(parse_unary_tests, "[1..")
    copy = pickle.loads(pickle.dumps(exc))
    assert (copy.text, copy.column, copy.expected, copy.found) == (
        exc.text, exc.column, exc.expected, exc.found,
    )
    assert str(copy) == str(exc)
