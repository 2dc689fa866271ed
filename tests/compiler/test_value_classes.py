"""Property: a value's class is the class of every value its column's tests treat alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.compiler.value_classes import build_column_classes
from engine.feel import parse_unary_tests

NUM = st.integers(min_value=-20, max_value=20)
DAY = st.integers(min_value=0, max_value=30).map(lambda d: dt.date(2015, 3, 1) + dt.timedelta(days=d))


def _literal(value):
    return f'date("{value.isoformat()}")' if isinstance(value, dt.date) else str(value)


def _cell(points):
    single = st.one_of(
        points.map(_literal),
        st.tuples(st.sampled_from(["<", "<=", ">", ">="]), points).map(lambda t: f"{t[0]} {_literal(t[1])}"),
        st.tuples(st.sampled_from("[(]"), points, points, st.sampled_from("])[")).map(
            lambda t: f"{t[0]}{_literal(min(t[1], t[2]))}..{_literal(max(t[1], t[2]))}{t[3]}"),
        st.just("null"),
        st.just('"x"'),
    )
    many = st.lists(single, min_size=1, max_size=3).map(",".join)
    return st.one_of(many, many.map(lambda t: f"not({t})"))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_classes_agree_with_direct_evaluation(data):
    points = data.draw(st.sampled_from([NUM, DAY]))
    texts = data.draw(st.lists(_cell(points), min_size=1, max_size=8, unique=True))
    tests = [parse_unary_tests(t) for t in texts]
    classes = build_column_classes(tests)
    values = [None, "x", "y", True, Decimal("0.5"), dt.date(2015, 3, 7), dt.datetime(2015, 3, 7, 12)]
    values += [Decimal(n) for n in range(-22, 23)] + [Decimal(n) + Decimal("0.25") for n in range(-22, 23)]
    values += [dt.date(2015, 2, 27) + dt.timedelta(days=d) for d in range(35)]
    for value in values:
        class_id = classes.classify(value)
        assert classes.signatures[class_id] == classes.signature(value), (texts, value)
    # Classes are distinct signatures, each with a representative of its own class.
    assert len(set(classes.signatures)) == classes.count
    for class_id, rep in enumerate(classes.representatives):
        assert classes.signature(rep) == classes.signatures[class_id]
