"""Properties over generated input: parsing never crashes, printing round-trips.

* Any string either parses or raises FeelSyntaxError (with a column inside the text).
* For every tree the parser builds, ``parse(str(tree)) == tree``; generated trees of every
  construct print to text that parses back to the same tree.
* Evaluating any tree against any value never raises.

Each property runs with hypothesis' default number of examples in the default test run;
``test_long_fuzz_run`` (marked slow) runs every one of them at length (docs/fuzzing.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import strategies as st

from engine.feel import (
    Arithmetic,
    CompareTest,
    DaysTimeDuration,
    EqualTest,
    Expression,
    FeelSyntaxError,
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
from engine.feel.values import equal, to_feel_literal
from tests.fuzzing import property_registry

PROPERTIES, prop = property_registry()


# --- values -----------------------------------------------------------------------------

numbers = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15),
                      max_value=10**15)
offsets = st.one_of(
    st.none(),
    st.just(dt.UTC),
    st.integers(-18 * 60 + 1, 18 * 60 - 1).map(
        lambda m: dt.timezone(dt.timedelta(minutes=m))
    ),
)
times = st.builds(
    lambda t, tz: t.replace(tzinfo=tz), st.times(), offsets
)
date_times = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    offsets,
)
durations = st.one_of(
    st.integers(-(10**6), 10**6).map(YearsMonthsDuration),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**10), max_value=10**10,
                places=6).map(DaysTimeDuration),
)
scalars = st.one_of(
    numbers, st.text(), st.booleans(), st.none(), st.dates(), times, date_times, durations,
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b"]), scalars, max_size=2),
)

# --- names and trees --------------------------------------------------------------------

first_words = st.from_regex(r"[A-Za-z_éß][A-Za-z0-9_é]{0,6}", fullmatch=True)
later_words = st.from_regex(r"[A-Za-z0-9_é]{1,6}", fullmatch=True)
parts = st.builds(
    lambda first, rest: " ".join([first, *rest]), first_words, st.lists(later_words, max_size=2)
).filter(lambda p: p not in ("true", "false", "null"))
names = st.lists(parts, min_size=1, max_size=3).map(lambda ps: Name(tuple(ps)))
literals = scalars.map(Literal)
endpoints = st.one_of(literals, names)
positive_tests = st.one_of(
    st.builds(EqualTest, endpoints),
    st.builds(CompareTest, st.sampled_from(["<", "<=", ">", ">="]), endpoints),
    st.builds(IntervalTest, endpoints, endpoints, st.booleans(), st.booleans()),
)
unary_tests = st.one_of(
    st.just(UnaryTests()),
    st.builds(UnaryTests, st.lists(positive_tests, min_size=1, max_size=4).map(tuple),
              st.booleans()),
)


def _is_number_literal(node: Expression) -> bool:
    while isinstance(node, Negation):
        node = node.operand
    return isinstance(node, Literal) and isinstance(node.value, Decimal)


def _extend(children: st.SearchStrategy[Expression]) -> st.SearchStrategy[Expression]:
    return st.one_of(
        # "-5" is read as the number -5, so a negated number literal is never parsed.
        children.filter(lambda c: not _is_number_literal(c)).map(Negation),
        st.builds(Arithmetic, st.sampled_from(["+", "-", "*", "/", "**"]), children, children),
        st.builds(Relation, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), children,
                  children),
    )


expressions = st.recursive(st.one_of(literals, names), _extend, max_leaves=8)

# --- token soup: text near the grammar, to reach deep parser states ----------------------

fragments = st.sampled_from([
    "-", "<", "<=", ">", ">=", "=", "!=", "[", "]", "(", ")", "..", ".", ",", "not(", "not",
    "1", "2.5", ".5", "0", '"a"', '"', "\\", '"\\q"', "true", "false", "null", "date(",
    'date("2015-01-01")', 'time("10:00:00")', 'time("25:00:00")', "date and time(",
    'date and time("2015-01-01T10:00:00Z")', 'duration("P1D")', 'duration("P1M2D")',
    'duration("P1Y")', "x", "Flu Symptoms", "a.b", " ", "+", "*", "/", "**", "\n", "é",
    "@", "\t", "\u00a0", "not ", "date", "and", "time",
])
soup = st.lists(fragments, max_size=12).map("".join)
# Deep nesting and long runs: the parser, printer and evaluator must not recurse past Python's limit.
deep = st.builds(
    lambda opening, n, core, closing: opening * n + core + closing * n,
    st.sampled_from(["(", "not(", "-", "- ", "[", "1+", "1 - ", "2**", "x * (", '"a" = (']),
    st.integers(1, 400),
    st.sampled_from(["1", "x", '"a"', "-", "", "1..2]"]),
    st.sampled_from([")", "", "]", " )"]),
)
texts = st.one_of(st.text(), soup, deep)

# --- parsing never crashes --------------------------------------------------------------


def _parses_or_raises_syntax_error(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except FeelSyntaxError as exc:
        assert 1 <= exc.column <= len(text) + 1
        assert exc.expected and exc.found
        assert "\n" not in str(exc)
        return None


@prop(texts)
def test_unary_tests_parse_or_raise_and_round_trip(text: str) -> None:
    tree = _parses_or_raises_syntax_error(parse_unary_tests, text)
    if tree is not None:
        assert parse_unary_tests(str(tree)) == tree


@prop(texts)
def test_expressions_parse_or_raise_and_round_trip(text: str) -> None:
    tree = _parses_or_raises_syntax_error(parse_expression, text)
    if tree is not None:
        assert parse_expression(str(tree)) == tree


@prop(texts)
def test_literals_parse_or_raise(text: str) -> None:
    _parses_or_raises_syntax_error(parse_literal, text)
    _parses_or_raises_syntax_error(parse_literal_list, text)


# --- printing round-trips ---------------------------------------------------------------


@prop(unary_tests)
def test_generated_unary_tests_round_trip(tree: UnaryTests) -> None:
    assert parse_unary_tests(str(tree)) == tree


@prop(expressions)
def test_generated_expressions_round_trip(tree: Expression) -> None:
    assert parse_expression(str(tree)) == tree


@prop(scalars)
def test_literal_values_round_trip(value: Any) -> None:
    parsed = parse_literal(to_feel_literal(value))
    assert Literal(parsed) == Literal(value)


@prop(st.lists(scalars, min_size=1, max_size=4))
def test_literal_lists_round_trip(items: list[Any]) -> None:
    parsed = parse_literal_list(to_feel_literal(items))
    assert [Literal(v) for v in parsed] == [Literal(v) for v in items]


# --- evaluation never raises ------------------------------------------------------------

envs = st.dictionaries(st.sampled_from(["x", "a.b", "a", "Flu Symptoms"]), values, max_size=3)


@prop(unary_tests, values, envs)
def test_unary_tests_evaluate_without_raising(tree: UnaryTests, value: Any, env: Any) -> None:
    result = tree.evaluate(value, env)
    assert result in (True, False, None)
    assert tree.matches(value, env) is (result is True)
    if tree.is_dont_care:
        assert result is True


@prop(expressions, envs)
def test_expressions_evaluate_without_raising(tree: Expression, env: Any) -> None:
    tree.evaluate(env)


@prop(expressions.filter(lambda e: e.is_static))
def test_printed_expressions_keep_their_value(tree: Expression) -> None:
    again = parse_expression(str(tree))
    a, b = tree.evaluate(), again.evaluate()
    assert equal(a, b) is True or a is b is None or (a == b)


# --- the long run -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_long_fuzz_run(name: str, fuzz: Any) -> None:
    strategies, check = PROPERTIES[name]
    assert fuzz(strategies, check) > 0
