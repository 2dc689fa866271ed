"""Column domains: the classes static analysis ranges over, null apart, shown as ranges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from engine.feel import parse_unary_tests
from engine.model import FactDef, FactType, InputColumn
from engine.validation.domains import build_domain

GLOSSARY = {
    "n": FactDef(name="n", type=FactType.NUMBER),
    "k": FactDef(name="k", type=FactType.INTEGER),
    "e": FactDef(name="e", type=FactType.ENUMERATION, allowed_values=("a", "b", "c")),
    "flag": FactDef(name="flag", type=FactType.BOOLEAN),
    "d": FactDef(name="d", type=FactType.DATE),
    "limit": FactDef(name="limit", type=FactType.NUMBER),
}


def domain(fact: str, *cells: str, input_values: str | None = None):
    column = InputColumn(fact=fact, address="T!B6",
                         input_values=parse_unary_tests(input_values) if input_values else None)
    return build_domain(column, [parse_unary_tests(c) for c in cells], GLOSSARY)


def test_number_column_cut_at_its_thresholds_with_null_apart():
    d = domain("n", "[1..6]", "> 6")
    assert [d.describe(1 << k) for k in range(len(d.classes))] == ["< 1", "[1..6]", "> 6", "not documented"]
    assert d.describe(d.mask(parse_unary_tests("<= 6"))) == "<= 6"
    assert d.describe(d.mask(parse_unary_tests("-"))) == "any value"
    assert d.describe(d.mask(parse_unary_tests("not([1..6])"))) == "< 1, > 6"


def test_null_is_a_class_tests_can_match():
    d = domain("e", '"a"', 'not("a")', "null")
    assert d.describe(d.mask(parse_unary_tests('not("a")'))) == '"b", "c", or not documented'
    assert d.describe(d.mask(parse_unary_tests("null"))) == "not documented"
    assert d.describe(d.mask(parse_unary_tests('"a"'))) == '"a"'


def test_enumeration_ranges_over_its_allowed_values_only():
    d = domain("e", '"a"', '"zz"')
    assert len(d.classes) == 3  # "a"; "b" and "c" (alike here); not documented: no "zz"
    assert d.mask(parse_unary_tests('"zz"')) == 0


def test_integer_column_has_no_values_between_whole_numbers():
    d = domain("k", "(1..2)", "[3..5]")
    assert d.mask(parse_unary_tests("(1..2)")) == 0
    assert d.describe(d.mask(parse_unary_tests("[3..5]"))) == "[3..5]"


def test_boolean_and_date_domains():
    b = domain("flag", "true")
    assert [b.describe(1 << k) for k in range(len(b.classes))] == ["true", "false", "not documented"]
    d = domain("d", '< date("2016-07-28")')
    assert d.describe(1) == '< date("2016-07-28")'


def test_input_values_restrict_the_column():
    d = domain("n", "[1..6]", "> 6", input_values=">= 0")
    assert d.describe(1) == "[0..1)"


def test_a_cell_naming_another_fact_gives_joint_classes():
    d = domain("n", "> limit", "<= limit")
    above, below = (d.mask(parse_unary_tests(c)) for c in ("> limit", "<= limit"))
    assert above and below and not above & below
    left = d.full & ~above & ~below  # null on either side
    assert "not documented" in d.describe(left)


@given(
    st.lists(st.integers(-5, 5), min_size=1, max_size=6),
    st.lists(st.sampled_from(["<", "<=", ">", ">=", "=", "[..]", "(..)", "not"]), min_size=1, max_size=6),
)
def test_every_value_of_a_class_meets_the_cells_alike(points, ops):
    cells = []
    for p, op in zip(points, ops, strict=False):
        cells.append({"=": f"{p}", "[..]": f"[{p}..{p + 2}]", "(..)": f"({p}..{p + 3})",
                      "not": f"not({p}, {p + 1})"}.get(op, f"{op} {p}"))
    d = domain("n", *cells)
    tests = [parse_unary_tests(c) for c in cells]
    probes = [None, *(Decimal(v) / 2 for v in range(-16, 18))]
    for value in probes:
        matched = [k for k, cls in enumerate(d.classes) if _holds(cls, value)]
        assert len(matched) == 1, value  # every value is in exactly one class
        k = matched[0]
        for t in tests:
            assert t.matches(value) == bool(d.mask(t) >> k & 1), (value, str(t))


def _holds(cls, value) -> bool:
    """Whether ``value`` lies in one of the class's atoms (a point or an open stretch)."""
    from engine.feel.values import compare
    for atom in cls.atoms:
        if atom.null or value is None:
            if atom.null and value is None:
                return True
            continue
        if atom.point:
            if compare(atom.value, value) == 0:
                return True
            continue
        low_ok = not isinstance(atom.low, Decimal) or compare(value, atom.low) == 1
        high_ok = not isinstance(atom.high, Decimal) or compare(value, atom.high) == -1
        if low_ok and high_ok:
            return True
    return False


def test_dates_sort_in_order():
    d = domain("d", '[date("2015-01-01")..date("2015-12-31")]', '> date("2015-12-31")')
    assert d.describe(1) == '< date("2015-01-01")'
    assert isinstance(d.classes[0].atoms[0].value, dt.date)
