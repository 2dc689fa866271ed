"""What the DMN TCK leaves out, on small workbooks written with engine.authoring.

Every expected value is computed by hand from DMN 1.5 and the project's choices in
docs/tables.md ("Choices where DMN is open"): ``-`` matches null and undocumented facts,
comparisons on null do not match (nor do their negations), C# counts rules, COLLECT with
no match is ``[]``, C+/C</C> with no match are null and C# is 0, a default output entry
replaces a no-match result, the two duration kinds never compare, and hit-policy
violations are named results with a null value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest

from engine.authoring import (
    FactSpec,
    GuidelineSpec,
    RuleSpec,
    TableSpec,
    WorkbookSpec,
    write_workbook,
)

from .tck import same

D = Decimal
UNDOCUMENTED = object()  # marks a fact the case does not give at all


def _duration(text: str) -> Any:
    from engine.feel.values import parse_duration

    return parse_duration(text)


def _table(name: str, policy: str, inputs: tuple[str, ...], outputs: tuple[str, ...],
           rows: list[tuple[tuple[Any, ...], tuple[Any, ...]]], **extra: Any) -> TableSpec:
    rules = tuple(
        RuleSpec(inputs=ins, outputs=outs, citation=f"own case {name} rule {n}")
        for n, (ins, outs) in enumerate(rows, start=1)
    )
    return TableSpec(name=name, hit_policy=policy, inputs=inputs, outputs=outputs, rules=rules,
                     **extra)


def _book(name: str, facts: Mapping[str, str], *tables: TableSpec) -> WorkbookSpec:
    return WorkbookSpec(
        guideline=GuidelineSpec(id=f"own-{name}", title=f"Own conformance case: {name}",
                                citation="docs/tables.md", edition="1"),
        facts=tuple(FactSpec(name=n, type=t) for n, t in facts.items()),
        tables=tables,
    )


@pytest.fixture(scope="module")
def load(tmp_path_factory: pytest.TempPathFactory) -> Callable[[WorkbookSpec], Any]:
    """The rule base of a spec's workbook, written and loaded once per spec."""
    from engine import load_rulebase

    cache: dict[str, Any] = {}

    def _load(spec: WorkbookSpec) -> Any:
        key = spec.guideline.id
        if key not in cache:
            path = write_workbook(spec, tmp_path_factory.mktemp(key) / f"{key}.xlsx")
            cache[key] = load_rulebase(path)
        return cache[key]

    return _load


def _facts(given: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in given.items() if v is not UNDOCUMENTED}


def _evaluate(rulebase: Any, facts: Mapping[str, Any]) -> Any:
    from engine import evaluate

    return evaluate(rulebase, _facts(facts))


def _check(actual: Any, expected: Any, violation: str | None = None) -> None:
    assert same(actual, expected), f"got {actual!r}, expected {expected!r}"
    assert violation is None, f"unexpected violation {violation!r}"


# --- C>, C<, C+, C#, C ------------------------------------------------------------------

_AGG_ROWS = [((">= 1",), ("10",)), ((">= 2",), ("30",)), ((">= 3",), ("20",)),
             ((">= 3",), ("20",))]
AGGREGATES = _book(
    "aggregates",
    {"n": "number", "max out": "number", "min out": "number", "sum out": "number",
     "count out": "number", "all out": "number", "sum or zero": "number"},
    _table("max", "C>", ("n",), ("max out",), _AGG_ROWS),
    _table("min", "C<", ("n",), ("min out",), _AGG_ROWS),
    _table("sum", "C+", ("n",), ("sum out",), _AGG_ROWS),
    _table("count", "C#", ("n",), ("count out",), _AGG_ROWS),
    _table("all", "C", ("n",), ("all out",), _AGG_ROWS),
    _table("sum with default", "COLLECT SUM", ("n",), ("sum or zero",), _AGG_ROWS,
           defaults=("0",)),
)


@pytest.mark.parametrize(("n", "expected"), [
    # n: (max, min, sum, count, collect, sum with default)
    (D(0), (None, None, None, D(0), [], D(0))),  # no match
    (UNDOCUMENTED, (None, None, None, D(0), [], D(0))),  # >= 1 on null: no match
    (None, (None, None, None, D(0), [], D(0))),
    (D(1), (D(10), D(10), D(10), D(1), [D(10)], D(10))),
    (D(2), (D(30), D(10), D(40), D(2), [D(10), D(30)], D(40))),
    # rules 3 and 4 give the same 20: C+ adds it twice, C# counts both rules
    (D(3), (D(30), D(10), D(80), D(4), [D(10), D(30), D(20), D(20)], D(80))),
], ids=["no-match", "undocumented", "null", "one", "two", "duplicates"])
def test_aggregations(load: Callable[[WorkbookSpec], Any], n: Any, expected: tuple) -> None:
    result = _evaluate(load(AGGREGATES), {"n": n})
    names = ("max", "min", "sum", "count", "all", "sum with default")
    for name, want in zip(names, expected, strict=True):
        table = result.tables[name]
        assert same(table.value, want), f"{name}: got {table.value!r}, expected {want!r}"
        assert table.violation is None, f"{name}: {table.violation}"


# --- chains -------------------------------------------------------------------------------

CHAIN = _book(
    "chain",
    {"age": "number", "band": "text", "eligible": "boolean", "decision": "text",
     "income": "number", "grant": "number"},
    # written last-first: the engine must order tables by what they read
    _table("Decision", "F", ("eligible",), ("decision",),
           [(("true",), ('"approve"',)), (("-",), ('"deny"',))]),
    _table("Grant", "U", ("band", "income"), ("grant",),
           [(('"adult"', "< 1000"), ("500",)), (('"adult"', ">= 1000"), ("0",)),
            (('"minor"', "-"), ("0",))]),
    _table("Eligibility", "U", ("band",), ("eligible",),
           [(('"adult"',), ("true",)), (('"minor"',), ("false",))]),
    _table("Band", "U", ("age",), ("band",),
           [(("< 18",), ('"minor"',)), ((">= 18",), ('"adult"',))]),
)


@pytest.mark.parametrize(("facts", "expected"), [
    ({"age": D(30), "income": D(900)},
     {"band": "adult", "eligible": True, "decision": "approve", "grant": D(500)}),
    ({"age": D(18), "income": D(1000)},
     {"band": "adult", "eligible": True, "decision": "approve", "grant": D(0)}),
    ({"age": D(10), "income": D(0)},
     {"band": "minor", "eligible": False, "decision": "deny", "grant": D(0)}),
    # no age: Band matches nothing, so Eligibility matches nothing, so Decision says deny
    ({"income": D(5)}, {"band": None, "eligible": None, "decision": "deny", "grant": None}),
], ids=["adult-low-income", "adult-at-18", "minor", "age-undocumented"])
def test_chains(load: Callable[[WorkbookSpec], Any], facts: dict, expected: dict) -> None:
    result = _evaluate(load(CHAIN), facts)
    tables = {"band": "Band", "eligible": "Eligibility", "decision": "Decision", "grant": "Grant"}
    for fact, want in expected.items():
        _check(result.tables[tables[fact]].value, want, result.tables[tables[fact]].violation)
        assert same(result.facts.get(fact), want), f"fact {fact}: {result.facts.get(fact)!r}"


# --- UNIQUE and ANY -----------------------------------------------------------------------

VIOLATIONS = _book(
    "violations",
    {"x": "number", "u out": "text", "a out": "text", "pair.status": "text",
     "pair.rate": "text"},
    _table("unique", "U", ("x",), ("u out",),
           [((">= 1",), ('"a"',)), (("[2..2]",), ('"b"',)), ((">= 5",), ('"c"',))]),
    _table("any", "A", ("x",), ("a out",),
           [((">= 1",), ('"same"',)), ((">= 2",), ('"same"',)), ((">= 3",), ('"other"',))]),
    _table("any pair", "ANY", ("x",), ("pair.status", "pair.rate"),
           [((">= 1",), ('"ok"', '"best"')), ((">= 2",), ('"ok"', '"best"')),
            ((">= 3",), ('"ok"', '"standard"'))]),
)


def _rule_numbers(violation: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", violation)}


def test_unique_single_match(load: Callable[[WorkbookSpec], Any]) -> None:
    table = _evaluate(load(VIOLATIONS), {"x": D(1)}).tables["unique"]
    _check(table.value, "a", table.violation)


def test_unique_violation_names_both_rules(load: Callable[[WorkbookSpec], Any]) -> None:
    table = _evaluate(load(VIOLATIONS), {"x": D(2)}).tables["unique"]
    assert table.value is None
    assert table.violation is not None and table.violation.startswith("UNIQUE")
    assert _rule_numbers(table.violation) == {1, 2}, table.violation


def test_unique_no_match_is_null_without_violation(load: Callable[[WorkbookSpec], Any]) -> None:
    table = _evaluate(load(VIOLATIONS), {"x": D(0)}).tables["unique"]
    _check(table.value, None, table.violation)


@pytest.mark.parametrize(("x", "expected"), [(D(1), "same"), (D(2), "same")],
                         ids=["one-match", "two-agree"])
def test_any_agreement(load: Callable[[WorkbookSpec], Any], x: Decimal, expected: str) -> None:
    table = _evaluate(load(VIOLATIONS), {"x": x}).tables["any"]
    _check(table.value, expected, table.violation)


def test_any_violation(load: Callable[[WorkbookSpec], Any]) -> None:
    table = _evaluate(load(VIOLATIONS), {"x": D(3)}).tables["any"]
    assert table.value is None
    assert table.violation is not None and table.violation.startswith("ANY")
    assert 3 in _rule_numbers(table.violation), table.violation  # the rule that disagrees


def test_any_multi_output(load: Callable[[WorkbookSpec], Any]) -> None:
    result = _evaluate(load(VIOLATIONS), {"x": D(2)})
    table = result.tables["any pair"]
    _check(table.value, {"status": "ok", "rate": "best"}, table.violation)
    result = _evaluate(load(VIOLATIONS), {"x": D(3)})
    table = result.tables["any pair"]  # same status, different rate: still a violation
    assert table.value is None and table.violation and table.violation.startswith("ANY")


# --- PRIORITY, OUTPUT ORDER, RULE ORDER ---------------------------------------------------

_LEVELS = '"high","medium","low"'
_LEVEL_ROWS = [((">= 1",), ('"low"',)), ((">= 2",), ('"high"',)), ((">= 3",), ('"medium"',))]
ORDERS = _book(
    "orders",
    {"x": "number", "p out": "text", "o out": "text", "r out": "text"},
    _table("priority", "P", ("x",), ("p out",), _LEVEL_ROWS, output_values=(_LEVELS,)),
    _table("output order", "O", ("x",), ("o out",), _LEVEL_ROWS, output_values=(_LEVELS,)),
    _table("rule order", "R", ("x",), ("r out",), _LEVEL_ROWS, output_values=(_LEVELS,)),
)


@pytest.mark.parametrize(("x", "priority", "output_order", "rule_order"), [
    (D(0), None, [], []),
    (D(1), "low", ["low"], ["low"]),
    (D(2), "high", ["high", "low"], ["low", "high"]),
    (D(3), "high", ["high", "medium", "low"], ["low", "high", "medium"]),
], ids=["none", "one", "two", "three"])
def test_priority_and_output_order(load: Callable[[WorkbookSpec], Any], x: Decimal,
                                   priority: Any, output_order: list, rule_order: list) -> None:
    result = _evaluate(load(ORDERS), {"x": x})
    for name, want in (("priority", priority), ("output order", output_order),
                       ("rule order", rule_order)):
        _check(result.tables[name].value, want, result.tables[name].violation)


# --- null and not documented --------------------------------------------------------------

NULLS = _book(
    "nulls",
    {"x": "number", "limit": "number", "matches": "text", "known": "text", "vs limit": "text"},
    _table("which", "R", ("x",), ("matches",), [
        (("-",), ('"dash"',)),
        (("null",), ('"null"',)),
        (("< 6",), ('"< 6"',)),
        (("not(< 6)",), ('"not(< 6)"',)),
        ((">= 6",), ('">= 6"',)),
        (("[1..9]",), ('"[1..9]"',)),
        (("6, null",), ('"6, null"',)),
    ]),
    _table("known", "U", ("x",), ("known",), [(("not(null)",), ('"known"',))]),
    _table("against limit", "U", ("x",), ("vs limit",),
           [(("> limit",), ('"above"',)), (("<= limit",), ('"not above"',))]),
)


@pytest.mark.parametrize(("x", "which", "known"), [
    (D(3), ["dash", "< 6", "[1..9]"], "known"),
    (D(6), ["dash", "not(< 6)", ">= 6", "[1..9]", "6, null"], "known"),
    (D(10), ["dash", "not(< 6)", ">= 6"], "known"),
    # null: only "-" and the null test match; a comparison and its negation are null
    (None, ["dash", "null", "6, null"], None),
    # not documented is null for the hit policy
    (UNDOCUMENTED, ["dash", "null", "6, null"], None),
], ids=["3", "6", "10", "null", "undocumented"])
def test_null_and_undocumented(load: Callable[[WorkbookSpec], Any], x: Any, which: list,
                               known: Any) -> None:
    result = _evaluate(load(NULLS), {"x": x})
    _check(result.tables["which"].value, which, result.tables["which"].violation)
    _check(result.tables["known"].value, known, result.tables["known"].violation)


@pytest.mark.parametrize(("facts", "expected"), [
    ({"x": D(5), "limit": D(3)}, "above"),
    ({"x": D(3), "limit": D(3)}, "not above"),
    ({"x": D(5)}, None),  # limit not documented: both comparisons are null
    ({"x": D(5), "limit": None}, None),
    ({"limit": D(3)}, None),
], ids=["above", "equal", "limit-undocumented", "limit-null", "x-undocumented"])
def test_comparison_with_another_fact(load: Callable[[WorkbookSpec], Any], facts: dict,
                                      expected: Any) -> None:
    table = _evaluate(load(NULLS), facts).tables["against limit"]
    _check(table.value, expected, table.violation)


# --- equality: null, text, across types -----------------------------------------------------

EQUALITY = _book(
    "equality",
    {"s": "text", "v": "any", "s tests": "text", "v tests": "text"},
    _table("text", "R", ("s",), ("s tests",), [
        (('"lumbar"',), ('"lumbar"',)),
        (('not("lumbar")',), ('"not lumbar"',)),
        (("-",), ('"dash"',)),
    ]),
    _table("any", "R", ("v",), ("v tests",), [
        (("5",), ('"5"',)),
        (("not(5)",), ('"not(5)"',)),
        (('"a", 5',), ('"a or 5"',)),
        (('not("a", 5)',), ('"neither"',)),
        (("< true",), ('"< true"',)),
        (("< null",), ('"< null"',)),
        (("-",), ('"dash"',)),
    ]),
)


@pytest.mark.parametrize(("s", "expected"), [
    ("lumbar", ["lumbar", "dash"]),
    ("cervical", ["not lumbar", "dash"]),
    # null = "lumbar" is false, so not("lumbar") matches null
    (None, ["not lumbar", "dash"]),
    (UNDOCUMENTED, ["not lumbar", "dash"]),
], ids=["lumbar", "cervical", "null", "undocumented"])
def test_text_equality_and_null(load: Callable[[WorkbookSpec], Any], s: Any,
                                expected: list) -> None:
    table = _evaluate(load(EQUALITY), {"s": s}).tables["text"]
    _check(table.value, expected, table.violation)


@pytest.mark.parametrize(("v", "expected"), [
    (D(5), ["5", "a or 5", "dash"]),
    (D(6), ["not(5)", "dash"]),  # "a", 5 against 6 is null or false: null
    ("a", ["a or 5", "dash"]),  # "a" = "a" is true, so the null of 5 = "a" does not matter
    ("5", ["dash"]),  # 5 against the text "5" is null: neither 5 nor not(5)
    ("b", ["dash"]),  # "a", 5 against "b" is false or null: null, and so is its not()
    (False, ["dash"]),  # booleans are not ordered: < true is null
    # null = 5 and null = "a" are false, so the negations match; < null never does
    (None, ["not(5)", "neither", "dash"]),
], ids=["5", "6", "text-a", "text-5", "text-b", "false", "null"])
def test_equality_across_types(load: Callable[[WorkbookSpec], Any], v: Any,
                               expected: list) -> None:
    table = _evaluate(load(EQUALITY), {"v": v}).tables["any"]
    _check(table.value, expected, table.violation)


# --- intervals ----------------------------------------------------------------------------

_INTERVALS = ["[3..6]", "(3..6]", "]3..6]", "[3..6)", "[3..6[", "(3..6)", "]3..6["]
INTERVALS = _book(
    "intervals",
    {"x": "number", "inside": "text"},
    _table("intervals", "R", ("x",), ("inside",),
           [((text,), (f'"{text}"',)) for text in _INTERVALS]),
)


@pytest.mark.parametrize(("x", "inside"), [
    (D(3), ["[3..6]", "[3..6)", "[3..6["]),  # the start is open in (, ]
    (D(6), ["[3..6]", "(3..6]", "]3..6]"]),  # the end is open in ), [
    (D("4.5"), _INTERVALS),
    (D("2.999"), []),
    (D("6.001"), []),
    (D("3.0"), ["[3..6]", "[3..6)", "[3..6["]),
], ids=["start", "end", "inside", "below", "above", "start-3.0"])
def test_interval_endpoints(load: Callable[[WorkbookSpec], Any], x: Decimal,
                            inside: list) -> None:
    table = _evaluate(load(INTERVALS), {"x": x}).tables["intervals"]
    _check(table.value, inside, table.violation)


# --- dates, times and durations -----------------------------------------------------------

TEMPORAL = _book(
    "temporal",
    {"d": "date", "when": "date and time", "at": "time", "wait": "days and time duration",
     "tenure": "years and months duration", "span": "any", "period": "text",
     "moment": "text", "clock": "text", "wait class": "text", "tenure class": "text",
     "span class": "text"},
    _table("period", "U", ("d",), ("period",), [
        (('< date("2015-03-16")',), ('"before"',)),
        (('[date("2015-03-16")..date("2015-12-31")]',), ('"during"',)),
        (('> date("2015-12-31")',), ('"after"',)),
    ]),
    _table("moment", "F", ("when",), ("moment",), [
        (('>= date and time("2015-03-16T10:30:00")',), ('"on or after"',)),
        (("-",), ('"before"',)),
    ]),
    _table("clock", "U", ("at",), ("clock",), [
        (('< time("12:00:00")',), ('"morning"',)),
        (('>= time("12:00:00")',), ('"afternoon"',)),
    ]),
    _table("wait", "U", ("wait",), ("wait class",), [
        (('< duration("P14D")',), ('"short"',)),
        (('[duration("P14D")..duration("P42D")]',), ('"medium"',)),
        (('> duration("P42D")',), ('"long"',)),
    ]),
    _table("tenure", "U", ("tenure",), ("tenure class",), [
        (('< duration("P1Y")',), ('"new"',)),
        (('>= duration("P1Y")',), ('"established"',)),
    ]),
    _table("span", "F", ("span",), ("span class",), [
        (('> duration("P1M")',), ('"more than a month"',)),
        (('<= duration("P1M")',), ('"a month or less"',)),
        (("-",), ('"not comparable"',)),
    ]),
)


TEMPORAL_CASES = [
    ("period", "d", dt.date(2015, 3, 15), "before"),
    ("period", "d", dt.date(2015, 3, 16), "during"),
    ("period", "d", dt.date(2015, 12, 31), "during"),
    ("period", "d", dt.date(2016, 1, 1), "after"),
    ("moment", "when", dt.datetime(2015, 3, 16, 10, 29, 59), "before"),
    ("moment", "when", dt.datetime(2015, 3, 16, 10, 30), "on or after"),
    # with a time zone it never compares with the cell's zoneless literal
    ("moment", "when", dt.datetime(2015, 3, 17, tzinfo=dt.UTC), "before"),
    ("clock", "at", dt.time(11, 59, 59), "morning"),
    ("clock", "at", dt.time(12, 0), "afternoon"),
    ("wait", "wait", "P13DT23H", "short"),
    ("wait", "wait", "P14D", "medium"),
    ("wait", "wait", "PT1008H", "medium"),  # 42 days written in hours
    ("wait", "wait", "P42DT1S", "long"),
    ("tenure", "tenure", "P11M", "new"),
    ("tenure", "tenure", "P12M", "established"),  # 12 months is 1 year
    ("tenure", "tenure", "P1Y6M", "established"),
    ("span", "span", "P2M", "more than a month"),
    ("span", "span", "P1M", "a month or less"),
    # a days-and-time duration never compares with P1M: both tests are null
    ("span", "span", "P42D", "not comparable"),
    ("span", "span", "P1D", "not comparable"),
    ("wait", "wait", UNDOCUMENTED, None),
]


@pytest.mark.parametrize(
    ("table", "fact", "value", "expected"), TEMPORAL_CASES,
    ids=[f"{t}-{v if v is not UNDOCUMENTED else 'undocumented'}" for t, _, v, _ in TEMPORAL_CASES],
)
def test_dates_and_durations(load: Callable[[WorkbookSpec], Any], table: str, fact: str,
                             value: Any, expected: str | None) -> None:
    if isinstance(value, str):
        value = _duration(value)
    result = _evaluate(load(TEMPORAL), {fact: value}).tables[table]
    _check(result.value, expected, result.violation)


# --- default output entry -----------------------------------------------------------------

DEFAULTS = _book(
    "defaults",
    {"x": "number", "size": "text", "plan.status": "text", "plan.rate": "text"},
    _table("size", "F", ("x",), ("size",), [(("> 10",), ('"big"',))], defaults=('"small"',)),
    _table("plan", "U", ("x",), ("plan.status", "plan.rate"),
           [((">= 18",), ('"Approved"', '"Best"'))], defaults=('"Declined"', '"Standard"')),
)


@pytest.mark.parametrize(("x", "size", "plan"), [
    (D(20), "big", {"status": "Approved", "rate": "Best"}),
    (D(5), "small", {"status": "Declined", "rate": "Standard"}),
    (UNDOCUMENTED, "small", {"status": "Declined", "rate": "Standard"}),
], ids=["match", "no-match", "undocumented"])
def test_default_output_entry(load: Callable[[WorkbookSpec], Any], x: Any, size: str,
                              plan: dict) -> None:
    result = _evaluate(load(DEFAULTS), {"x": x})
    _check(result.tables["size"].value, size, result.tables["size"].violation)
    _check(result.tables["plan"].value, plan, result.tables["plan"].violation)
    assert same(result.facts.get("size"), size)
    assert same(result.facts.get("plan.status"), plan["status"])
    assert same(result.facts.get("plan.rate"), plan["rate"])

