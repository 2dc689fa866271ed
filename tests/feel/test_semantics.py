"""What cells mean: DMN 1.5 unary-test semantics plus the choices in docs/tables.md."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from engine.feel import parse_duration, parse_expression, parse_unary_tests

D = Decimal


def ev(text: str, value: Any, env: dict[str, Any] | None = None) -> bool | None:
    return parse_unary_tests(text).evaluate(value, env)


def matches(text: str, value: Any, env: dict[str, Any] | None = None) -> bool:
    return parse_unary_tests(text).matches(value, env)


# --- "-" and null -----------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, D(0), "", True, dt.date(2015, 1, 1), [1], {"a": 1}])
def test_dont_care_matches_everything_including_null(value: Any) -> None:
    assert ev("-", value) is True


def test_null_matches_only_null() -> None:
    assert ev("null", None) is True
    for value in (D(0), "", "null", False, []):
        assert ev("null", value) is False


@pytest.mark.parametrize("text", ["< 6", "<= 6", "> 6", ">= 6", "[1..6]", "(1..6)"])
def test_comparison_with_null_is_null_and_does_not_match(text: str) -> None:
    assert ev(text, None) is None
    assert not matches(text, None)


def test_not_of_a_null_result_stays_null() -> None:
    assert ev("not(< 6)", None) is None
    assert not matches("not(< 6)", None)
    assert not matches("not([1..6])", None)


def test_not_of_an_equality_with_null_input_is_true() -> None:
    # null = "lumbar" is false (not null) in FEEL, so not("lumbar") holds for null.
    assert ev('not("lumbar")', None) is True
    assert ev("not(null)", None) is False
    assert ev("not(null)", D(1)) is True


def test_not_negates_true_and_false() -> None:
    assert matches('not("lumbar", "cervical")', "thoracic")
    assert not matches('not("lumbar", "cervical")', "cervical")
    assert matches("not([1..6])", D(7))
    assert not matches("not(> 6, < 2)", D(7))


# --- lists of tests: three-valued or ----------------------------------------------------


def test_list_matches_when_any_test_matches() -> None:
    assert matches('"a", "b"', "b")
    assert matches("< 2, > 6", D(7))
    assert not matches("< 2, > 6", D(4))


def test_list_with_a_null_member_result() -> None:
    assert ev('"a", 5', "a") is True  # true or null = true
    assert ev('"a", 5', "b") is None  # false or null = null
    assert ev('not("a", 5)', "b") is None
    assert not matches('not("a", 5)', "b")


# --- types: equality, ordering, mismatches ----------------------------------------------


def test_equality_of_different_types_is_null() -> None:
    assert ev("5", "5") is None
    assert ev('"5"', D(5)) is None
    assert ev("true", D(1)) is None
    assert ev('date("2015-01-01")', dt.datetime(2015, 1, 1)) is None


def test_comparison_of_different_types_is_null() -> None:
    assert ev("> 5", "6") is None
    assert ev('< "b"', D(1)) is None
    assert ev('[1.."z"]', D(2)) is None  # (2 >= 1) and (2 <= "z") = true and null
    assert ev('[5.."z"]', D(2)) is False  # false and null = false


def test_interval_with_one_null_comparison() -> None:
    # In FEEL, x in [a..b] is (x >= a) and (x <= b): false beats null.
    assert ev("[5..x]", D(2)) is False
    assert ev("[1..x]", D(2)) is None


def test_booleans_are_not_ordered() -> None:
    assert ev("< true", False) is None
    assert ev("true", True) is True
    assert ev("false", True) is False


def test_two_kinds_of_duration_never_compare() -> None:
    month = parse_duration("P1M")
    days = parse_duration("P28D")
    assert ev('> duration("P28D")', month) is None
    assert ev('duration("P0D")', parse_duration("P0M")) is None
    assert ev('[duration("P1D")..duration("P60D")]', month) is None
    assert not matches('> duration("P28D")', month)
    assert matches('> duration("P27D")', days)
    assert matches('[duration("P1M")..duration("P1Y")]', parse_duration("P6M"))


def test_dates_and_times() -> None:
    assert matches('< date("2015-03-16")', dt.date(2015, 3, 15))
    assert not matches('< date("2015-03-16")', dt.date(2015, 3, 16))
    assert matches('time("10:30:00")', dt.time(10, 30))
    zoned = dt.datetime(2018, 7, 30, 16, 12, tzinfo=dt.UTC)
    assert matches('date and time("2018-07-30T18:12:00+02:00")', zoned)  # same instant
    # A date and time with a zone against one without: not comparable.
    assert ev('date and time("2018-07-30T16:12:00")', zoned) is None
    assert ev('< date and time("2019-01-01T00:00:00")', zoned) is None


def test_exact_decimals() -> None:
    assert matches("0.3", D("0.1") + D("0.2"))
    assert matches("[0.1..0.3]", D("0.30"))
    assert matches("> 0.3", D("0.3000000000000000000000000000001"))
    assert parse_expression("0.1 + 0.2").evaluate() == D("0.3")
    assert parse_expression("0.1 + 0.2 = 0.3").evaluate() is True


def test_python_numbers_are_accepted_as_input() -> None:
    assert matches("[1..6]", 3)
    assert matches("0.5", 0.5)
    assert not matches("true", 1)


# --- names ------------------------------------------------------------------------------


def test_names_are_looked_up_by_dotted_name() -> None:
    env = {"prior_sessions": D(6), "Complex.aNumber": D(10)}
    assert matches("> prior_sessions", D(7), env)
    assert not matches("> prior_sessions", D(6), env)
    assert matches("Complex.aNumber", D(10), env)


def test_names_are_looked_up_through_nested_structures() -> None:
    env = {"Complex": {"aNumber": D(10), "inner": {"x": "deep"}}}
    assert matches("Complex.aNumber", D(10), env)
    assert matches("Complex.inner.x", "deep", env)
    assert ev("< Complex.missing", D(1), env) is None
    assert ev("< Complex.aNumber.nope", D(1), env) is None


def test_missing_names_are_null() -> None:
    assert ev("> threshold", D(1), {}) is None
    assert ev("> threshold", D(1)) is None
    assert ev("threshold", None, {}) is True  # null = null
    assert ev("[a..b]", D(1), {"a": D(0)}) is None


def test_string_values_with_quotes() -> None:
    env = {"Complex": {"aString": '"Hi"'}}
    assert matches("Complex.aString", '"Hi"', env)
    assert matches("not(Complex.aString)", '"Hello"', env)


# --- DMN 1.2+ list rule -----------------------------------------------------------------


def test_a_name_bound_to_a_list_matches_its_elements() -> None:
    env = {"Flu Symtoms": ["fever", "cough", "sore throat", "runny nose"]}
    assert matches("Flu Symtoms", "cough", env)
    assert not matches("Flu Symtoms", "sneeze", env)
    assert not matches("Flu Symtoms", None, env)
    assert matches("not(Flu Symtoms)", "sneeze", env)
    assert matches("Flu Symtoms", ("fever", "cough", "sore throat", "runny nose"), env)
    assert not matches("Flu Symtoms", ["fever"], env)  # a list input is compared whole


def test_list_membership_with_null_elements() -> None:
    assert matches("xs", None, {"xs": [D(1), None]})
    assert not matches("xs", D(2), {"xs": [D(1), None, "a"]})


# --- expressions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", D(7)),
        ("(1 + 2) * 3", D(9)),
        ("10 / 4", D("2.5")),
        ("1 / 3", D("0.3333333333333333333333333333333333")),
        ("2 ** 10", D(1024)),
        ("2 ** -1", D("0.5")),
        ("-2 ** 2", D(4)),
        ("7 - 10", D(-3)),
        ("1 / 0", None),
        ("0 ** -1", None),
        ("(-8) ** 0.5", None),
        ("10 ** 100000", None),
        ('"a" + "b"', "ab"),
        ('1 + "a"', None),
        ('"a" * 2', None),
        ("null + 1", None),
        ("-null", None),
        ('-"a"', None),
        ("true + 1", None),
        ("1 < 2", True),
        ("2 <= 1", False),
        ('"a" < "b"', True),
        ('1 = "1"', None),
        ('1 != "1"', None),
        ("1 != 2", True),
        ("null = null", True),
        ("null != 1", True),
        ("null < 1", None),
        ('date("2015-03-16") < date("2015-03-17")', True),
        ('duration("P1M") > duration("P28D")', None),
    ],
)
def test_expression_values(text: str, expected: Any) -> None:
    assert parse_expression(text).evaluate() == expected
    assert type(parse_expression(text).evaluate()) is type(expected)


def test_expressions_read_facts() -> None:
    expr = parse_expression('Symptom + " is in the list of Flu symptoms"')
    assert expr.evaluate({"Symptom": "cough"}) == "cough is in the list of Flu symptoms"
    assert expr.evaluate({}) is None
    assert parse_expression("a.b * 2").evaluate({"a": {"b": D(4)}}) == D(8)
    assert parse_expression("sessions + 1").evaluate({"sessions": 5}) == D(6)
