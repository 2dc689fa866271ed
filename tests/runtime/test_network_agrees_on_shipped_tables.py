"""Property: on the shipped tables, the network, the explanation and the parsed cells agree.

The rule network (durable-rules, on value classes) decides which rows fire; the
explanation (``row_statuses`` and ``explain_rows``: each row's failing cell or the
undocumented facts it waits for) reads the same compiled cells by class.  This property
checks both against a reference written here, in the test: every cell of every row tested
on the case's raw values with ``UnaryTests.matches``, over random cases on every table
(every edition) of tables/.  The engine itself never tests a row twice.

A case gives each fact the table reads one of: nothing (not documented), null, a
representative of one of its column's value classes (every class is reachable, also the
odd-type ones), or a random value of its glossary type.  Default run: 200 examples of
10 cases each (2,000 cases, a few seconds); the ``slow`` long run takes
``IMR_FUZZ_EXAMPLES`` examples (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from engine.compiler.compiled_table import CompiledTable
from engine.compiler.rulebase import Rulebase, load_rulebase
from engine.feel import values as feel_values
from engine.model import FactDef, FactType
from engine.runtime.explain import explain_rows, row_statuses
from engine.runtime.trace import RowState
from tests.fuzzing import property_registry

TABLES = Path(__file__).resolve().parents[2] / "tables"
CASES_PER_EXAMPLE = 10
PROPERTIES, prop = property_registry()

_RULEBASE: Rulebase | None = None


def shipped() -> Rulebase:
    """The shipped rule base, loaded once for the module (hypothesis calls the property
    many times; a fixture would not reach the long run's registered check)."""
    global _RULEBASE
    if _RULEBASE is None:
        _RULEBASE = load_rulebase(TABLES)
    return _RULEBASE


@pytest.fixture(scope="module", autouse=True)
def _close_shipped() -> Any:
    yield
    global _RULEBASE
    if _RULEBASE is not None:
        _RULEBASE.close()
        _RULEBASE = None


def compiled_tables() -> list[CompiledTable]:
    return [c for group in shipped().tables.values() for c in group]


def typed_value(fact: FactDef | None) -> st.SearchStrategy[Any]:
    """A random value of the fact's glossary type (a list for a list fact)."""
    kind = fact.type if fact is not None else FactType.ANY
    one: st.SearchStrategy[Any]
    if kind in (FactType.NUMBER, FactType.INTEGER):
        one = st.one_of(st.integers(-5, 400).map(Decimal), st.decimals(-5, 400, places=1, allow_nan=False))
    elif kind is FactType.BOOLEAN:
        one = st.booleans()
    elif kind in (FactType.TEXT, FactType.ENUMERATION) and fact is not None and fact.allowed_values:
        one = st.sampled_from(list(fact.allowed_values))
    elif kind is FactType.DATE:
        one = st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))
    elif kind is FactType.DAYS_DURATION:
        one = st.integers(0, 400).map(lambda d: feel_values.DaysTimeDuration(Decimal(d * 86400)))
    elif kind is FactType.MONTHS_DURATION:
        one = st.integers(0, 120).map(feel_values.YearsMonthsDuration)
    else:
        one = st.text(max_size=8)
    if fact is not None and fact.is_list:
        return st.lists(one, max_size=3)
    return one


@st.composite
def table_and_cases(draw: st.DrawFn) -> tuple[int, list[dict[str, Any]]]:
    tables = compiled_tables()
    index = draw(st.integers(0, len(tables) - 1))
    compiled = tables[index]
    glossary = shipped().facts
    representatives = {c.fact: c.classes.representatives for c in compiled.columns}
    cases = []
    for _ in range(CASES_PER_EXAMPLE):
        case: dict[str, Any] = {}
        for fact in sorted(compiled.reads):
            choice = draw(st.integers(0, 5))
            if choice == 0:
                continue  # not documented
            if choice == 1:
                case[fact] = None
            elif choice <= 3 and fact in representatives:
                case[fact] = draw(st.sampled_from(representatives[fact]))
            else:
                case[fact] = draw(typed_value(glossary.get(fact)))
        cases.append(case)
    return index, cases


Reference = tuple[RowState, int | None, set[str], list[bool]]


def reference_rows(compiled: CompiledTable, env: dict[str, Any]) -> list[Reference]:
    """Per row, from the parsed cells on raw values: state, failing column, missing facts, verdicts."""
    table = compiled.table
    rows = []
    for rule in table.rules:
        failing: int | None = None
        missing: set[str] = set()
        verdicts = []
        for c, (column, entry) in enumerate(zip(table.inputs, rule.inputs, strict=True)):
            tests = entry.tests
            passed = tests.is_dont_care or tests.matches(env.get(column.fact), env)
            verdicts.append(passed)
            if passed:
                continue
            absent = {n for n in (column.fact, *tests.names()) if n not in env}
            if absent:
                missing |= absent
            elif failing is None:
                failing = c
        if failing is not None:
            rows.append((RowState.NOT_FIRED, failing, set(), verdicts))
        else:
            rows.append((RowState.UNDECIDED if missing else RowState.FIRED, None, missing, verdicts))
    return rows


@prop(table_and_cases())
def test_network_and_explanation_agree(drawn: tuple[int, list[dict[str, Any]]]) -> None:
    index, cases = drawn
    compiled = compiled_tables()[index]
    table, network = compiled.table, shipped().network
    for env in cases:
        classes = compiled.classes(env)
        matched = network.match(compiled.key, classes)
        reference = reference_rows(compiled, env)
        where = f"table {table.name}, case {env}"
        assert matched == [i for i, row in enumerate(reference) if row[0] is RowState.FIRED], where
        statuses = row_statuses(compiled, classes, matched, env)
        assert [(s.state, s.failing, set(s.missing)) for s in statuses] == [r[:3] for r in reference], where
        traces = explain_rows(compiled, classes, statuses, env, {}, {})
        assert [[cell.passed for cell in t.cells] for t in traces] == [r[3] for r in reference], where
