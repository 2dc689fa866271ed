"""Checks that need every workbook at once: names, producers, editions, cycles."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, WorkbookSpec
from engine.authoring.writer import write_workbook
from engine.compiler.rulebase import load_rulebase
from engine.errors import CompileError


def _book(guideline="g", edition="1", facts=(), tables=(), start=None, end=None) -> WorkbookSpec:
    return WorkbookSpec(
        guideline=GuidelineSpec(id=guideline, title="T", citation="C", edition=edition,
                                effective_from=start, effective_to=end),
        facts=tuple(FactSpec(name=n, type=t) for n, t in facts),
        tables=tuple(tables),
    )


def _table(name, inputs, outputs, cells=None) -> TableSpec:
    return TableSpec(
        name=name, hit_policy="F", inputs=inputs, outputs=outputs,
        rules=(RuleSpec(inputs=cells or ("-",) * len(inputs), outputs=("1",) * len(outputs), citation="C"),),
    )


def _load(tmp_path, *books):
    paths = [write_workbook(b, tmp_path / f"b{i}.xlsx") for i, b in enumerate(books)]
    with pytest.raises(CompileError) as info:
        load_rulebase(paths)
    return str(info.value)


def test_unknown_fact_in_a_column_suggests(tmp_path):
    message = _load(tmp_path, _book(facts=[("sessions", "number"), ("out", "number")],
                                    tables=[_table("t", ("sesions",), ("out",))]))
    assert "cell B6" in message and "did you mean 'sessions'?" in message


def test_unknown_fact_inside_a_cell(tmp_path):
    message = _load(tmp_path, _book(facts=[("a", "number"), ("out", "number")],
                                    tables=[_table("t", ("a",), ("out",), ("> limit",))]))
    assert "cell B7" in message and "'limit'" in message


def test_cycle_is_refused_with_its_path(tmp_path):
    message = _load(tmp_path, _book(
        facts=[("x", "number"), ("y", "number")],
        tables=[_table("make_y", ("x",), ("y",)), _table("make_x", ("y",), ("x",))],
    ))
    assert "cycle" in message
    assert "'make_x' reads 'y' from 'make_y'" in message
    assert "'make_y' reads 'x' from 'make_x'" in message


def test_two_tables_writing_one_fact(tmp_path):
    message = _load(tmp_path, _book(
        facts=[("x", "number"), ("y", "number")],
        tables=[_table("one", ("x",), ("y",)), _table("two", ("x",), ("y",))],
    ))
    assert "written by two tables" in message and "'one'" in message


def test_same_table_name_in_two_guidelines(tmp_path):
    facts = [("x", "number"), ("y", "number")]
    message = _load(tmp_path, _book("g1", facts=facts, tables=[_table("t", ("x",), ("y",))]),
                    _book("g2", facts=[("x", "number"), ("z", "number")], tables=[_table("t", ("x",), ("z",))]))
    assert "table name 't' is used twice" in message


def test_fact_with_two_types(tmp_path):
    message = _load(
        tmp_path,
        _book("g1", facts=[("x", "number"), ("y", "number")], tables=[_table("a", ("x",), ("y",))]),
        _book("g2", facts=[("x", "text"), ("z", "number")], tables=[_table("b", ("x",), ("z",))]),
    )
    assert "fact 'x' has two types" in message and "sheet 'Facts'" in message


def test_overlapping_editions(tmp_path):
    facts = [("x", "number"), ("y", "number")]
    message = _load(
        tmp_path,
        _book(edition="2009", facts=facts, tables=[_table("t", ("x",), ("y",))], start=dt.date(2009, 7, 18)),
        _book(edition="2016", facts=facts, tables=[_table("t", ("x",), ("y",))], start=dt.date(2016, 7, 28)),
    )
    assert "overlap" in message


def test_editions_chosen_by_date(tmp_path):
    facts = [("dose", "number"), ("ok", "boolean")]

    def edition(name, start, end, limit):
        return _book(edition=name, start=start, end=end, facts=facts, tables=[TableSpec(
            name="dose_check", hit_policy="U", inputs=("dose",), outputs=("ok",),
            rules=(RuleSpec(inputs=(f"<= {limit}",), outputs=("true",), citation="C"),
                   RuleSpec(inputs=(f"> {limit}",), outputs=("false",), citation="C")),
        )])

    from engine.runtime.evaluate import evaluate

    paths = [
        write_workbook(edition("2009", dt.date(2009, 7, 18), dt.date(2016, 7, 27), 120), tmp_path / "a.xlsx"),
        write_workbook(edition("2016", dt.date(2016, 7, 28), None, 80), tmp_path / "b.xlsx"),
    ]
    rulebase = load_rulebase(paths)
    early = evaluate(rulebase, {"dose": 100}, dt.date(2015, 1, 1))
    late = evaluate(rulebase, {"dose": 100}, dt.date(2017, 1, 1))
    assert early.tables["dose_check"].value is True and early.editions == {"g": "2009"}
    assert late.tables["dose_check"].value is False and late.tables["dose_check"].edition == "2016"
    none = evaluate(rulebase, {"dose": 100}, dt.date(2000, 1, 1))
    assert "dose_check" not in none.tables
