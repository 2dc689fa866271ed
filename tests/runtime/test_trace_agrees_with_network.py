"""Property: the trace and durable-rules agree on which rows fire.

Tables and facts are generated; each table is compiled into a real rule network. The
rows durable-rules fires must be exactly the rows whose every cell the trace passes,
and both must equal a brute-force evaluation of the parsed cells.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.compiler.rulebase import compile_rulebase
from engine.feel import parse_expression, parse_unary_tests
from engine.model import (
    DecisionTable,
    FactDef,
    FactType,
    Guideline,
    HitPolicy,
    InputColumn,
    InputEntry,
    OutputColumn,
    OutputEntry,
    Rule,
    Workbook,
)
from engine.runtime.evaluate import evaluate
from engine.runtime.trace import RowState

NUMBERS = st.integers(min_value=-3, max_value=12)
WORDS = st.sampled_from(["lumbar", "cervical", "thoracic", "knee"])


def number_cell() -> st.SearchStrategy[str]:
    bound = NUMBERS.map(str)
    interval = st.tuples(st.sampled_from("[(]"), NUMBERS, NUMBERS, st.sampled_from("])[")).map(
        lambda t: f"{t[0]}{min(t[1], t[2])}..{max(t[1], t[2])}{t[3]}")
    compare = st.tuples(st.sampled_from(["<", "<=", ">", ">="]), NUMBERS).map(lambda t: f"{t[0]} {t[1]}")
    single = st.one_of(bound, interval, compare)
    many = st.lists(single, min_size=1, max_size=3).map(",".join)
    return st.one_of(st.just("-"), st.just("null"), many, many.map(lambda t: f"not({t})"))


def text_cell() -> st.SearchStrategy[str]:
    many = st.lists(WORDS.map(lambda w: f'"{w}"'), min_size=1, max_size=3).map(",".join)
    return st.one_of(st.just("-"), many, many.map(lambda t: f"not({t})"))


def bool_cell() -> st.SearchStrategy[str]:
    return st.sampled_from(["-", "true", "false", "null", "not(true)"])


KINDS = {
    "number": (FactType.NUMBER, number_cell, st.one_of(NUMBERS.map(Decimal), st.just(Decimal("2.5")))),
    "text": (FactType.TEXT, text_cell, WORDS),
    "boolean": (FactType.BOOLEAN, bool_cell, st.booleans()),
}


@st.composite
def table_and_cases(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=4))
    rows = draw(st.integers(min_value=1, max_value=12))
    cells = [[draw(KINDS[k][1]()) for k in kinds] for _ in range(rows)]
    cases = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        case = {}
        for i, k in enumerate(kinds):
            choice = draw(st.integers(min_value=0, max_value=5))
            if choice == 0:
                continue  # not documented
            case[f"f{i}"] = None if choice == 1 else draw(KINDS[k][2])
        cases.append(case)
    return kinds, cells, cases


def build(kinds: list[str], cells: list[list[str]]):
    facts = {f"f{i}": FactDef(name=f"f{i}", type=KINDS[k][0]) for i, k in enumerate(kinds)}
    facts["out"] = FactDef(name="out", type=FactType.NUMBER)
    rules = tuple(
        Rule(
            number=r + 1, row=r + 7,
            inputs=tuple(InputEntry(text=t, address=f"T!{chr(66 + c)}{r + 7}", tests=parse_unary_tests(t))
                         for c, t in enumerate(row)),
            outputs=(OutputEntry(text=str(r + 1), address=f"T!Z{r + 7}", expression=parse_expression(str(r + 1))),),
        )
        for r, row in enumerate(cells)
    )
    table = DecisionTable(
        name="generated", sheet="T", workbook="generated.xlsx", guideline_id="g", edition="1",
        hit_policy=HitPolicy.RULE_ORDER,
        inputs=tuple(InputColumn(fact=f"f{i}", address=f"T!{chr(66 + i)}6") for i in range(len(kinds))),
        outputs=(OutputColumn(fact="out", address="T!Z6"),), rules=rules,
    )
    guideline = Guideline(id="g", title="t", citation="c", edition="1")
    return compile_rulebase([Workbook(path="generated.xlsx", guideline=guideline, facts=facts, tables=(table,))])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_and_cases())
def test_trace_and_rule_network_agree(generated):
    kinds, cells, cases = generated
    rulebase = build(kinds, cells)
    try:
        table = rulebase.table("generated")
        for case in cases:
            result = evaluate(rulebase, case).tables["generated"]
            expected = [
                rule.number for rule in table.rules
                if all(e.tests.matches(case.get(c.fact)) for c, e in zip(table.inputs, rule.inputs, strict=True))
            ]
            traced = [row.rule for row in result.rows if row.state is RowState.FIRED]
            assert result.matched == expected  # what durable-rules fired
            assert traced == expected
            for row in result.rows:
                if row.state is RowState.NOT_FIRED:
                    assert row.failing is not None and not row.failing.passed and row.failing.documented
                if row.state is RowState.UNDECIDED:
                    assert row.missing and all(m not in case for m in row.missing)
    finally:
        rulebase.close()
