"""Properties of the reader over generated sheets (grids, no xlsx files).

* Any grid on any sheet, and the demo workbook with any cells broken or merged, either
  reads or raises ImrError; its message is one line naming the file, and the sheet and
  cell when a sheet's content is at fault.  No other exception escapes.
* An input cell that reads, printed back in canonical form (what ``imr tables show``
  prints) and read again, gives an equal test; likewise an output cell and a test value.

``test_long_fuzz_run`` (marked slow) runs every property at length (docs/fuzzing.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st

from engine.authoring.canonical import input_text, output_text, value_text
from engine.errors import ImrError
from engine.feel import parse_expression, parse_unary_tests
from engine.model import Workbook
from engine.reader.glossary import read_facts, read_guideline
from engine.reader.sheets import Grid, OpenedWorkbook
from engine.reader.tables import is_table_sheet, read_table
from engine.reader.tests_sheet import read_tests
from tests.fuzzing import property_registry

FILE = "fuzz/demo.xlsx"
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

PROPERTIES, prop = property_registry()


# --- the demo workbook as grids (what sheets.open_workbook gives for tests/reader/conftest.SPEC)

Rows = list[list[Any]]

GUIDELINE: Rows = [["id", "demo"], ["title", "Demo guideline"], ["citation", "Demo 1.2"], ["edition", "2016"]]
FACTS: Rows = [
    ["name", "type", "allowed values", "unit", "description", "question"],
    ["sessions", "integer", None, None, None, "How many sessions?"],
    ["region", "enumeration", '"lumbar","cervical"', None, None, None],
    ["improved", "boolean", None, None, None, None],
    ["outcome", "enumeration", '"Overturned","Upheld"', None, None, None],
    ["start", "date", None, None, None, None],
    ["note", "text", None, None, None, None],
    ["codes", "list of text", None, None, None, None],
]
TABLE: Rows = [
    ["Decision table", "demo_table"],
    ["Hit policy", "FIRST"],
    ["Description", None],
    [],
    ["#", "Input", "Input", "Input", "Input", "Output", "Citation", "Rationale"],
    [None, "sessions", "region", "improved", "start", "outcome", None, None],
    [1, "[1..6]", '"lumbar","cervical"', "-", "-", '"Overturned"', "Demo 1.2(a)", "{sessions} sessions."],
    [2, "> 6", "-", "true", "-", '"Overturned"', "Demo 1.2(b)", None],
    [3, "> 6", "-", "false", "-", '"Upheld"', "Demo 1.2(b)", None],
]
TESTS: Rows = [
    ["#", "As of", "Input", "Input", "Input", "Expected", "Expected error", "Description"],
    [None, None, "sessions", "region", "codes", "outcome", None, None],
    ["T1", "2016-01-01", 6, '"lumbar"', "a, b", '"Overturned"', None, None],
]
SHEETS: dict[str, Rows] = {"Guideline": GUIDELINE, "Facts": FACTS, "demo_table": TABLE, "Tests": TESTS}
FIRST_RULE_ROW = 7
INPUT_COLUMNS = (2, 3, 4, 5)  # sessions (integer), region (enumeration), improved, start (date)
OUTPUT_COLUMN = 6

# --- cell values --------------------------------------------------------------------------

layout_words = st.sampled_from([
    "Decision table", "decision table:", "Hit policy", "Description", "#", "Input", "output", "Citation",
    "Rationale", "Annotation", "Output values", "Default", "FIRST", "U", "C+", "collect sum", "P", "O",
    "sessions", "region", "improved", "outcome", "start", "note", "codes", "name", "type", "allowed values",
    "list of text", "list of", "integer", "enumeration", "boolean", "date", "text", "any", "As of", "Expected",
    "Expected error", "id", "title", "citation", "edition", "version", "effective from", "effective to",
    "owner", "Tests", "1", "1.0", "2", "3",
])
feel_words = st.sampled_from([
    "-", "> 6", "<= 2.5", "[1..6]", "(1..6]", "]1..6[", '"lumbar"', "lumbar, cervical", "not(lumbar)",
    'not("lumbar")', "null", "true", "false", 'date("2015-01-01")', '[date("2015-01-01")..date("2016-01-01")]',
    'duration("P1D")', "sessions", "sessions + 1", "-5", "not(", '"', "\\", "é", "x.y", "[", "..", ",",
    "=SUM(A1:A3)", "=A1", "#REF!", "#DIV/0!", "#N/A", "'quoted",
])
soup = st.lists(st.one_of(feel_words, st.sampled_from([" ", ",", "\n", "\t", "(", ")"])), max_size=6).map("".join)
control_text = st.text(st.characters(categories=["Cc", "Zl", "Zp", "Zs", "Cf"]), max_size=8)
long_text = st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=4), st.integers(200, 3000))
cell_values = st.one_of(
    st.none(),
    layout_words,
    feel_words,
    soup,
    st.text(max_size=30),
    control_text,
    long_text,
    st.booleans(),
    st.integers(),
    st.integers(-(10**40), 10**40),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)


def _grid(sheet: str, rows: Rows, merges: list[Any] | None = None, hidden: frozenset[int] = frozenset()) -> Grid:
    """A grid as sheets.open_workbook builds it: merged ranges read their top-left value."""
    grid = Grid(FILE, sheet, [tuple(r) for r in rows], hidden_rows=hidden)
    for top, left, height, width in merges or ():
        value = grid.value(top, left)
        for r in range(top, top + height):
            for c in range(left, left + width):
                grid.merged[(r, c)] = value
    return grid


def _book(grids: dict[str, Grid]) -> OpenedWorkbook:
    return OpenedWorkbook(file=FILE, grids=grids, content_hash="0" * 64)


def _read(book: OpenedWorkbook) -> Workbook:
    """engine.reader.read_workbook after open_workbook: the whole read path from grids."""
    guideline = read_guideline(book)
    facts = read_facts(book)
    tables = [read_table(g, guideline, facts) for g in book.grids.values() if is_table_sheet(g)]
    tests_grid = book.find("Tests")
    tests = read_tests(tests_grid, facts) if tests_grid is not None else []
    return Workbook(path=book.file, guideline=guideline, facts=facts, tables=tuple(tables), tests=tuple(tests),
                    content_hash=book.content_hash)


def _check_error(exc: ImrError, sheet: str | None = None) -> None:
    """One line, naming the file; the sheet and a cell when ``sheet`` is the one at fault."""
    text = str(exc)
    assert len(text.splitlines()) == 1 and "\n" not in text, text
    assert text.startswith(FILE), text
    assert exc.location is not None and exc.location.file == FILE
    if exc.location.sheet is not None:
        assert f"sheet {exc.location.sheet!r}" in text
    if sheet is not None:
        assert exc.location.sheet == sheet, text
        assert exc.location.cell is not None, text
        assert f"cell {exc.location.cell}" in text


def _reads_or_raises(book: OpenedWorkbook) -> Workbook | None:
    try:
        return _read(book)
    except ImrError as exc:
        _check_error(exc)
        return None


# --- generated grids ----------------------------------------------------------------------

rows_of = st.lists(st.lists(cell_values, max_size=9), max_size=12)
merges_of = st.lists(
    st.tuples(st.integers(1, 12), st.integers(1, 9), st.integers(1, 4), st.integers(1, 4)), max_size=3
)
roles = st.sampled_from(sorted(SHEETS))


@st.composite
def random_sheets(draw: st.DrawFn) -> tuple[str, Grid]:
    """One sheet of the demo workbook replaced by a generated grid (a table keeps its A1 marker)."""
    role = draw(roles)
    rows = draw(rows_of)
    if role == "demo_table" and draw(st.booleans()):
        rows = [["Decision table", *(rows[0][1:] if rows else [])], *rows[1:]]
    hidden = frozenset(draw(st.sets(st.integers(1, 12), max_size=2)))
    return role, _grid(role, rows, draw(merges_of), hidden)


edits = st.lists(
    st.tuples(roles, st.integers(1, 11), st.integers(1, 10), cell_values), min_size=1, max_size=4
)


def _edited(changes: list[tuple[str, int, int, Any]], merges: dict[str, list[Any]] | None = None) -> OpenedWorkbook:
    sheets = {name: [list(r) for r in rows] for name, rows in SHEETS.items()}
    for sheet, row, col, value in changes:
        rows = sheets[sheet]
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        cells.extend([None] * (col - len(cells)))
        cells[col - 1] = value
    merges = merges or {}
    return _book({name: _grid(name, rows, merges.get(name, [])) for name, rows in sheets.items()})


def test_the_demo_grids_read() -> None:
    workbook = _read(_edited([]))
    assert [t.name for t in workbook.tables] == ["demo_table"]
    assert len(workbook.tables[0].rules) == 3
    assert workbook.tests[0].inputs == {"sessions": 6, "region": "lumbar", "codes": ["a", "b"]}


@prop(random_sheets())
def test_any_sheet_reads_or_raises_a_one_line_error(sheet: tuple[str, Grid]) -> None:
    role, grid = sheet
    grids = {name: _grid(name, rows) for name, rows in SHEETS.items()}
    grids[role] = grid
    _reads_or_raises(_book(grids))


@prop(random_sheets())
def test_each_sheet_reader_blames_its_own_sheet_and_a_cell(sheet: tuple[str, Grid]) -> None:
    role, grid = sheet
    base = _read(_edited([]))
    try:
        if role == "Guideline":
            read_guideline(_book({"Guideline": grid}))
        elif role == "Facts":
            read_facts(_book({"Facts": grid}))
        elif role == "Tests":
            read_tests(grid, base.facts)
        else:
            read_table(grid, base.guideline, base.facts)
    except ImrError as exc:
        _check_error(exc, sheet=role)


@prop(edits, st.dictionaries(roles, merges_of, max_size=2))
def test_broken_cells_read_or_raise_a_one_line_error(
    changes: list[tuple[str, int, int, Any]], merges: dict[str, list[Any]]
) -> None:
    _reads_or_raises(_edited(changes, merges))


@prop(st.lists(st.sampled_from(sorted(SHEETS)), unique=True), st.lists(st.text(max_size=12), max_size=3))
def test_missing_or_extra_sheets_read_or_raise(dropped: list[str], extra: list[str]) -> None:
    grids = {name: _grid(name, rows) for name, rows in SHEETS.items() if name not in dropped}
    for name in extra:
        grids.setdefault(name, _grid(name, [["Decision table", name]]))
    _reads_or_raises(_book(grids))


# --- round trip through the reader -----------------------------------------------------------

rule_cells = st.one_of(feel_words, soup, cell_values)


@prop(st.lists(st.tuples(st.integers(0, 2), st.sampled_from((*INPUT_COLUMNS, OUTPUT_COLUMN)), rule_cells),
               min_size=1, max_size=4))
def test_a_cell_printed_back_reads_as_the_same_test(changes: list[tuple[int, int, Any]]) -> None:
    book = _edited([("demo_table", FIRST_RULE_ROW + rule, col, value) for rule, col, value in changes])
    workbook = _reads_or_raises(book)
    assume(workbook is not None)
    assert workbook is not None
    table = workbook.tables[0]
    printed: list[tuple[str, int, int, Any]] = []
    for rule in table.rules:
        for col, entry in zip(INPUT_COLUMNS, rule.inputs, strict=True):
            assert parse_unary_tests(input_text(entry.tests)) == entry.tests
            printed.append(("demo_table", rule.row, col, input_text(entry.tests)))
        (out,) = rule.outputs
        assert parse_expression(output_text(out.expression)) == out.expression
        printed.append(("demo_table", rule.row, OUTPUT_COLUMN, output_text(out.expression)))
    again = _read(_edited(printed))
    for before, after in zip(table.rules, again.tables[0].rules, strict=True):
        assert [e.tests for e in after.inputs] == [e.tests for e in before.inputs]
        assert [e.expression for e in after.outputs] == [e.expression for e in before.outputs]


tests_sheet_values = st.one_of(cell_values, feel_words, st.sampled_from(['"a","b"', "a, b", "[1]", "1, 2"]))
# The Python type of each fact's values; a value of another type is the runtime's to report.
TEST_FACTS: dict[str, Callable[[Any], bool]] = {
    "sessions": lambda v: isinstance(v, Decimal),
    "region": lambda v: isinstance(v, str),
    "outcome": lambda v: isinstance(v, str),
    "note": lambda v: isinstance(v, str),
    "codes": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
    "start": lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime),
    "improved": lambda v: isinstance(v, bool),
}


@prop(st.sampled_from([(3, "input"), (6, "expected")]), st.sampled_from(sorted(TEST_FACTS)), tests_sheet_values)
def test_a_test_value_printed_back_reads_as_the_same_value(column: tuple[int, str], name: str, raw: Any) -> None:
    col, kind = column
    workbook = _reads_or_raises(_edited([("Tests", 2, col, name), ("Tests", 3, col, raw)]))
    assume(workbook is not None and name in getattr(workbook.tests[0], "inputs" if kind == "input" else "expected"))
    assert workbook is not None
    values = workbook.tests[0].inputs if kind == "input" else workbook.tests[0].expected
    assume(values[name] is None or TEST_FACTS[name](values[name]))
    text = value_text(values[name])
    again = _read(_edited([("Tests", 2, col, name), ("Tests", 3, col, text)])).tests[0]
    assert (again.inputs if kind == "input" else again.expected)[name] == values[name], (raw, text)


fact_names = st.sampled_from(["a", "b", "c d", "e.f", "g_1", "sessions"])
type_texts = st.sampled_from([
    "number", "integer", "text", "boolean", "date", "time", "date and time", "days and time duration",
    "years and months duration", "enumeration", "any", "string", "enum", "int", "bool", "datetime", "duration",
    "list of text", "list of number", "List Of  enumeration", "list of date",
])
allowed_texts = st.one_of(st.none(), st.none(), st.none(), st.none(),
                          st.sampled_from(['"x","y"', "x, y", "1,2", '"a b"', "lumbar", "x,", '"', "not(x)"]),
                          cell_values)
# Cells that mostly read, so that the round trip has something to print back.
plausible_cells = st.one_of(
    st.sampled_from(["-", "> 6", "[1..6]", "(1..2]", '"x"', "x", "x, y", "not(x)", "not(x, y)", "true", "false",
                     "null", "1", "-2.5", 'date("2015-01-01")', "> a", "a", "a + 1", "c d", "e.f", "[a..b]",
                     '"x","y"', "x y", "it's", "x-ray", "a/b", '"a\\"b"', "-a", "a**2", "a = 1", 'duration("P2D")']),
    st.integers(-10, 10), st.floats(-1e6, 1e6), st.booleans(), st.dates(), st.datetimes(), st.timedeltas(),
)
glossary_cells = st.one_of(plausible_cells, plausible_cells, plausible_cells, rule_cells)


@st.composite
def glossary_tables(draw: st.DrawFn) -> OpenedWorkbook:
    """A generated glossary and a table over its facts (and some unknown ones), with generated cells."""
    facts = draw(st.dictionaries(fact_names, st.tuples(type_texts, allowed_texts), min_size=1, max_size=4))
    fact_rows = [["name", "type", "allowed values"]] + [[n, t, a] for n, (t, a) in facts.items()]
    columns = draw(st.lists(st.tuples(st.sampled_from(["Input", "Output"]), fact_names), min_size=2, max_size=5))
    kinds = ["Input", "Output"] + [k for k, _ in columns]
    names = [draw(fact_names), draw(fact_names)] + [n for _, n in columns]
    table = [["Decision table", "t"], ["Hit policy", draw(st.sampled_from(["U", "C+", "P", "collect count"]))],
             ["#", *kinds], [None, *names]]
    cells = st.lists(glossary_cells, min_size=len(kinds), max_size=len(kinds))
    if draw(st.integers(0, 3)) == 0:
        table.append(["Output values", *draw(cells)])
    if draw(st.integers(0, 3)) == 0:
        table.append(["Default", *draw(cells)])
    for number in range(1, draw(st.integers(1, 3)) + 1):
        table.append([number, *draw(cells)])
    return _book({"Guideline": _grid("Guideline", GUIDELINE), "Facts": _grid("Facts", fact_rows),
                  "t": _grid("t", table)})


@prop(glossary_tables())
def test_a_generated_glossary_and_table_read_or_raise_and_print_back(book: OpenedWorkbook) -> None:
    workbook = _reads_or_raises(book)
    if workbook is None:
        return
    (table,) = workbook.tables
    grid = book.grids["t"]
    rows = [list(r) for r in grid.rows]
    for rule in table.rules:
        for column, entry in zip(table.inputs, rule.inputs, strict=True):
            assert parse_unary_tests(input_text(entry.tests)) == entry.tests
            _, _, cell = entry.address.partition("!")
            rows[rule.row - 1][_column_index(cell) - 1] = input_text(entry.tests)
            assert column.fact
        for entry in rule.outputs:
            assert parse_expression(output_text(entry.expression)) == entry.expression
            _, _, cell = entry.address.partition("!")
            rows[rule.row - 1][_column_index(cell) - 1] = output_text(entry.expression)
    again = _read(_book({**book.grids, "t": _grid("t", rows)})).tables[0]
    for before, after in zip(table.rules, again.rules, strict=True):
        assert [e.tests for e in after.inputs] == [e.tests for e in before.inputs]
        assert [e.expression for e in after.outputs] == [e.expression for e in before.outputs]


def _column_index(cell: str) -> int:
    letters = cell.rstrip("0123456789")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


# --- what the fuzzing found (docs/fuzzing.md) ------------------------------------------------


def test_a_large_whole_number_cell_reads_in_full() -> None:
    workbook = _read(_edited([("demo_table", FIRST_RULE_ROW, 2, 1e28)]))
    assert str(workbook.tables[0].rules[0].inputs[0].tests) == "10000000000000000000000000000"


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
@pytest.mark.parametrize(("sheet", "row", "col"), [("demo_table", FIRST_RULE_ROW, 2), ("Guideline", 4, 2),
                                                    ("Facts", 2, 3), ("Tests", 3, 3)])
def test_a_number_no_cell_can_mean_is_an_error_at_the_cell(value: float, sheet: str, row: int, col: int) -> None:
    with pytest.raises(ImrError) as caught:
        _read(_edited([(sheet, row, col, value)]))
    assert caught.value.location is not None and caught.value.location.sheet == sheet
    assert str(caught.value).startswith(f"{FILE}, sheet {sheet!r}, cell ")
    assert "a finite number" in str(caught.value)


def test_a_negated_bare_word_output_is_a_syntax_error_at_the_cell() -> None:
    with pytest.raises(ImrError) as caught:
        _read(_edited([("demo_table", FIRST_RULE_ROW, OUTPUT_COLUMN, "not(Upheld)")]))
    assert str(caught.value).startswith(f"{FILE}, sheet 'demo_table', cell F7: cannot read the output value")


# --- the long run ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_long_fuzz_run(name: str, fuzz: Any) -> None:
    strategies, check = PROPERTIES[name]
    assert fuzz(strategies, check) > 0


def test_bare_words_with_a_tab_read_as_one_space_and_print_back_alike() -> None:
    """Found by the round-trip property above: ``A<tab>A`` read as a name, printed as ``A A``,
    which reads back as the text "A A"."""
    from engine.reader.cells import quote_bare_words

    assert quote_bare_words("lumbar\tspine, neck") == '"lumbar spine","neck"'
    assert quote_bare_words("not(a  \t b)") == 'not("a b")'
    book = _edited([("demo_table", FIRST_RULE_ROW, INPUT_COLUMNS[1], "A\tA\tA")])
    workbook = _reads_or_raises(book)
    assert workbook is not None
    tests = workbook.tables[0].rules[0].inputs[1].tests
    again = _read(_edited([("demo_table", workbook.tables[0].rules[0].row, INPUT_COLUMNS[1], input_text(tests))]))
    assert again.tables[0].rules[0].inputs[1].tests == tests
    assert str(tests) == '"A A A"'
