"""Parsing S-FEEL cells: every construct of the grammar, and the tree it builds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine.feel import (
    Arithmetic,
    CompareTest,
    DaysTimeDuration,
    EqualTest,
    IntervalTest,
    Literal,
    Name,
    Negation,
    Relation,
    UnaryTests,
    YearsMonthsDuration,
    parse_expression,
    parse_literal,
    parse_literal_list,
    parse_unary_tests,
)


def one(text: str) -> object:
    """The single positive test of a cell."""
    tests = parse_unary_tests(text)
    assert not tests.negated and len(tests.tests) == 1
    return tests.tests[0]


def lit(value: object) -> Literal:
    return Literal(value)


# --- unary tests ------------------------------------------------------------------------


def test_dont_care() -> None:
    tests = parse_unary_tests("-")
    assert tests == UnaryTests()
    assert tests.is_dont_care and str(tests) == "-"
    assert parse_unary_tests("  -  ").is_dont_care


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("6", Decimal(6)),
        ("-6", Decimal(-6)),
        ("- 6", Decimal(-6)),
        ("2.50", Decimal("2.5")),
        (".5", Decimal("0.5")),
        ('"lumbar"', "lumbar"),
        ('""', ""),
        ("true", True),
        ("false", False),
        ('date("2015-03-16")', dt.date(2015, 3, 16)),
        ('time("10:30:00")', dt.time(10, 30)),
        ('date and time("2015-03-16T10:30:00")', dt.datetime(2015, 3, 16, 10, 30)),
        ('duration("P42D")', DaysTimeDuration(Decimal(42 * 86400))),
        ('duration("P1M")', YearsMonthsDuration(1)),
    ],
)
def test_endpoint_alone_is_an_equality_test(text: str, value: object) -> None:
    assert one(text) == EqualTest(lit(value))


def test_null_is_an_equality_test_with_null() -> None:
    assert one("null") == EqualTest(lit(None))


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_comparisons(op: str) -> None:
    assert one(f"{op} 6") == CompareTest(op, lit(Decimal(6)))
    assert one(f"{op}6") == CompareTest(op, lit(Decimal(6)))
    assert one(f'{op} date("2015-03-16")') == CompareTest(op, lit(dt.date(2015, 3, 16)))


@pytest.mark.parametrize(
    ("text", "low_closed", "high_closed"),
    [
        ("[3..6]", True, True),
        ("(3..6]", False, True),
        ("]3..6]", False, True),
        ("[3..6)", True, False),
        ("[3..6[", True, False),
        ("(3..6)", False, False),
        ("]3..6[", False, False),
        ("]3..6)", False, False),
        ("(3..6[", False, False),
    ],
)
def test_every_bracket_style(text: str, low_closed: bool, high_closed: bool) -> None:
    expected = IntervalTest(lit(Decimal(3)), lit(Decimal(6)), low_closed, high_closed)
    assert one(text) == expected
    assert one(text.replace("..", " .. ").replace("3", " 3")) == expected


def test_interval_of_other_types_and_names() -> None:
    assert one('["b".."d")') == IntervalTest(lit("b"), lit("d"), True, False)
    assert one("[-5..-1]") == IntervalTest(lit(Decimal(-5)), lit(Decimal(-1)))
    assert one("[numB..numC]") == IntervalTest(Name(("numB",)), Name(("numC",)))
    assert one('[date("2018-12-02")..date("2018-12-04")]') == IntervalTest(
        lit(dt.date(2018, 12, 2)), lit(dt.date(2018, 12, 4))
    )


def test_comma_list_and_not() -> None:
    listed = parse_unary_tests('"lumbar","cervical", > 6')
    assert listed.tests == (EqualTest(lit("lumbar")), EqualTest(lit("cervical")),
                            CompareTest(">", lit(Decimal(6))))
    assert not listed.negated
    negated = parse_unary_tests('not("lumbar", "cervical")')
    assert negated == UnaryTests(listed.tests[:2], negated=True)
    assert parse_unary_tests("not ( [1..2] , null )").negated


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("age", ("age",)),
        ("Complex.aNumber", ("Complex", "aNumber")),
        ("Complex . aNumber", ("Complex", "aNumber")),
        ("claimant.age", ("claimant", "age")),
        ("Another Date and Time", ("Another Date and Time",)),
        ("Flu Symtoms", ("Flu Symtoms",)),
        ("Flu   Symtoms", ("Flu Symtoms",)),
        ("prior sessions 2", ("prior sessions 2",)),
        ("date and time", ("date and time",)),
        ("dateE", ("dateE",)),
        ("nullable", ("nullable",)),
        ("true value", ("true value",)),
        ("not applicable", ("not applicable",)),
        ("séances_prévues", ("séances_prévues",)),
        ("_x", ("_x",)),
    ],
)
def test_names_with_spaces_and_dots(text: str, parts: tuple[str, ...]) -> None:
    assert one(text) == EqualTest(Name(parts))
    assert one(f"> {text}") == CompareTest(">", Name(parts))


def test_literal_openers_win_over_names() -> None:
    assert one('date and time("2018-07-30T16:12:00Z")') == EqualTest(
        lit(dt.datetime(2018, 7, 30, 16, 12, tzinfo=dt.UTC))
    )
    assert one('date  and\ttime ("2018-07-30")') == EqualTest(lit(dt.datetime(2018, 7, 30)))
    assert one('date ("2018-07-30")') == EqualTest(lit(dt.date(2018, 7, 30)))


def test_names_and_endpoints() -> None:
    tests = parse_unary_tests('< Complex.aDate, [a..b], "x", 5, null')
    assert tests.names() == frozenset({"Complex.aDate", "a", "b"})
    assert not tests.is_static
    assert tests.endpoints() == ["x", Decimal(5)]  # null is no endpoint
    static = parse_unary_tests('[1..6], > 10, "a"')
    assert static.is_static and static.names() == frozenset()
    assert static.endpoints() == [Decimal(1), Decimal(6), Decimal(10), "a"]
    assert parse_unary_tests("-").endpoints() == []


def test_white_space_and_line_breaks_are_ignored() -> None:
    assert parse_unary_tests(' \t>=\u00a06 \n') == parse_unary_tests(">= 6")
    assert parse_unary_tests('"a",\n"b"') == parse_unary_tests('"a", "b"')


# --- strings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r'"a \"q\""', 'a "q"'),
        (r'"back\\slash"', "back\\slash"),
        (r'"line\nbreak\ttab\rcr"', "line\nbreak\ttab\rcr"),
        (r'"it\'s"', "it's"),
        (r'"caf\u00e9"', "café"),
        (r'"\U01F600"', "\U0001f600"),
        (r'"\ud83d\ude00"', "\U0001f600"),
        ('"x, y"', "x, y"),
        ('"[1..2]"', "[1..2]"),
    ],
)
def test_string_escapes(text: str, value: str) -> None:
    assert parse_literal(text) == value


# --- expressions ------------------------------------------------------------------------


def test_expression_literals_and_names() -> None:
    assert parse_expression('"Overturned"') == lit("Overturned")
    assert parse_expression("-5") == lit(Decimal(-5))
    assert parse_expression("- -5") == lit(Decimal(5))
    assert parse_expression("acupuncture.outcome") == Name(("acupuncture", "outcome"))
    assert parse_expression("null") == lit(None)


def test_arithmetic_precedence_and_associativity() -> None:
    a, b, c = Name(("a",)), Name(("b",)), Name(("c",))
    assert parse_expression("a + b * c") == Arithmetic("+", a, Arithmetic("*", b, c))
    assert parse_expression("(a + b) * c") == Arithmetic("*", Arithmetic("+", a, b), c)
    assert parse_expression("a - b - c") == Arithmetic("-", Arithmetic("-", a, b), c)
    assert parse_expression("a / b / c") == Arithmetic("/", Arithmetic("/", a, b), c)
    assert parse_expression("a ** b ** c") == Arithmetic("**", Arithmetic("**", a, b), c)
    assert parse_expression("a * b ** c") == Arithmetic("*", a, Arithmetic("**", b, c))
    # Negation binds tighter than ** (as in the FEEL reference grammar).
    assert parse_expression("-a ** b") == Arithmetic("**", Negation(a), b)
    assert parse_expression("a ** -b") == Arithmetic("**", a, Negation(b))
    assert parse_expression("-(a + b)") == Negation(Arithmetic("+", a, b))


def test_string_concatenation_expression() -> None:
    expr = parse_expression('Symptom + " is in the list of Cold symptoms"')
    assert expr == Arithmetic("+", Name(("Symptom",)), lit(" is in the list of Cold symptoms"))
    assert expr.names() == frozenset({"Symptom"})


@pytest.mark.parametrize("op", ["=", "!=", "<", "<=", ">", ">="])
def test_relations(op: str) -> None:
    a = Name(("a",))
    assert parse_expression(f"a {op} 5") == Relation(op, a, lit(Decimal(5)))
    assert parse_expression(f"a + 1 {op} 5") == Relation(
        op, Arithmetic("+", a, lit(Decimal(1))), lit(Decimal(5))
    )


def test_parenthesised_relation_is_an_operand() -> None:
    assert parse_expression("(a < b) = true") == Relation(
        "=", Relation("<", Name(("a",)), Name(("b",))), lit(True)
    )


def test_expression_names_and_static() -> None:
    assert parse_expression("a.b + c * (d - 1)").names() == frozenset({"a.b", "c", "d"})
    assert parse_expression("1 + 2").is_static
    assert not parse_expression("x").is_static


# --- literals for test data and allowed values ------------------------------------------


def test_parse_literal() -> None:
    assert parse_literal("6") == Decimal(6)
    assert parse_literal("-2.5") == Decimal("-2.5")
    assert parse_literal("null") is None
    assert parse_literal('time("10:30:00+01:00")') == dt.time(
        10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert parse_literal('duration("-P1Y2M")') == YearsMonthsDuration(-14)


def test_parse_literal_list() -> None:
    assert parse_literal_list('"initial","extension"') == ["initial", "extension"]
    assert parse_literal_list('1, -2, "a", true, null, date("2020-02-29")') == [
        Decimal(1), Decimal(-2), "a", True, None, dt.date(2020, 2, 29),
    ]
    assert parse_literal_list("7") == [Decimal(7)]


def test_parse_results_are_cached_and_immutable() -> None:
    first = parse_unary_tests("[1..6]")
    assert parse_unary_tests("[1..6]") is first
    with pytest.raises(AttributeError):
        first.negated = True  # type: ignore[misc]


def test_non_text_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_unary_tests(6)  # type: ignore[arg-type]
