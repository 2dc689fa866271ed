"""Lay a table's rows out as durable-rules rulesets whose alpha network stays within limits.

Each row becomes one rule ``r<row>`` whose only condition is one fact ``m`` (the case)
passing a conjunction of alpha tests (see :mod:`engine.rete.encoding`).  Its action index
is its position in the ruleset, so the engine hands actions out in row order; a last rule,
the primer (see :mod:`engine.rete.facts`), fires only for the adapter's primer fact.

Cost (measured, see :mod:`engine.rete.costmodel`): a fact pays for every alpha node it
passes, every child test evaluated there and every child-table slot probed; tests that
fail cost one evaluation at their parent.  So the cheapest layout is **flat**: each
rule's tests hang straight off the root, identical leading tests are shared, and a case
evaluates each distinct first test once.  Flat breaks when many rules' first tests pass
together: the engine pushes every passing child on a 64-entry stack before exploring any
(error 303), and a node takes at most 512 children (the 513th hangs rule creation).
:class:`~engine.rete.shadow.Shadow` checks a candidate layout against those limits
exactly; when flat does not fit, rows are spread over a **grouping tree**: every rule
starts with a path of always-true tests ``$ex g`` (the fact carries ``g``; the engine
evaluates ``$ex`` without reading the value, which only keeps sibling nodes distinct)
placing it in a balanced tree of fan-out at most :data:`MAX_FAN`, so the walk holds at most
``depth * (fan - 1) + 1`` group nodes plus one leaf group's rows.  If a leaf group still
does not fit, leaves shrink down to one rule each (every rule then has a private path),
which always fits because :func:`fit_stack` bounds what a row's own elements add.

Rows are cut into rulesets of at most :data:`MAX_RULES` rows.  Small rulesets are what
lets a FIRST batch stop early (a case is asserted into the next ruleset only if no row
of the earlier ones fired), at the price of one more assert per ruleset for the others.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.rete.costmodel import expected_cost_ns
from engine.rete.encoding import (
    MAX_MARKERS,
    TOP_MARKERS,
    CellCode,
    Element,
    MarkerBudgetError,
    choose_elements,
    encode_named_cell,
)
from engine.rete.encoding import encode_cell as _encode_cell
from engine.rete.facts import GROUP_PROP, PRIMER_CONDITION, PRIMER_PROP, PRIMER_RULE, column_names
from engine.rete.relabel import better_numbering
from engine.rete.shadow import CHILD_SLOTS, Shadow, ShadowStats
from engine.rete.spec import TableSpec, cell_bounds

MAX_RULES = 128  # rows per ruleset (engine limit 4,096 rules), see compile_table
ENGINE_RULES = 4000  # the engine allows 4,096 actions per ruleset (one is the primer)
MAX_FAN = 16  # children per grouping node
STACK_LIMIT = 60  # worst-case alpha stack depth allowed (engine limit 64)
CAP = 65535  # frames one action may carry (an unsigned short in the engine)
SHARING = (0.0, 0.3, 1.0, 3.0)  # candidate test orders, see compile_table
SHAREABLE = 0.25  # a column repeats its cells if it has at most this many per testing row
NAMED_MAX = 8  # columns of at most this many classes are named (see compile_table)
ALWAYS: dict[str, Any] = {"$ex": {GROUP_PROP: 0}}  # the condition of a row without tests


@dataclass(frozen=True)
class CompiledRuleset:
    """One durable-rules ruleset covering a contiguous slice of a table's rows."""

    rows: tuple[int, ...]  # table row of each rule, in action order (ascending)
    definition: str  # JSON for durable_rules_engine.create_ruleset
    layout: str  # "flat", "grouped/<leaf size>"
    stats: ShadowStats  # the shadow network's size and worst-case stack depth
    # the shadow network, for tests and benchmarks; the adapter drops it (~4 MB per
    # 1,000 rows) once the ruleset exists
    shadow: Shadow | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class CompiledTable:
    name: str
    columns: int
    rulesets: tuple[CompiledRuleset, ...]
    ranks: tuple[tuple[int, ...] | None, ...]  # per column: old class id -> id in the rules
    names: tuple[str, ...]  # per column: the fact property carrying its class id
    # per column: None, or (a named column) per class id in the rules the name of the
    # property the fact carries instead of names[c]
    named: tuple[tuple[str, ...] | None, ...] = ()

    def fact(self, case: Sequence[int]) -> dict[str, int]:
        """The fact's properties for a case of class ids in the rules (after ``ranks``),
        as :meth:`~engine.rete.shadow.Shadow.walk` takes them."""
        named = self.named or (None,) * self.columns
        fact = {
            self.names[c] if props is None else props[k]: k if props is None else 1
            for c, (k, props) in enumerate(zip(case, named, strict=True))
        }
        fact[GROUP_PROP] = 0
        return fact


@dataclass(frozen=True)
class RowPlan:
    row: int
    terms: tuple[dict[str, Any], ...]  # the row's own alpha terms, most selective first
    fanout: int  # stack entries the row's own $or elements can add


Bounds = tuple[int, int] | None  # a cell's (min, max); None for "-" or an empty cell


def row_codes(
    spec: TableSpec,
    names: Sequence[str],
    cells: Sequence[frozenset[int] | None],
    bounds: Sequence[Bounds],
    named: Sequence[Sequence[str] | None] = (),
) -> list[CellCode] | None:
    """Encodings of a row's cells; None if some cell accepts nothing (it never matches)."""
    codes: list[CellCode] = []
    for column, cell in enumerate(cells):
        if cell is None:
            continue
        if not cell:
            return None
        count = spec.class_counts[column]
        props = named[column] if named else None
        if props is not None:
            code = encode_named_cell(column, props, cell)
        else:
            code = _encode_cell(column, names[column], cell, count, bounds[column])
        if code is not None:
            codes.append(code)
    return codes


def plan_row(
    index: int,
    codes: Sequence[CellCode],
    group_stack: int,
    priority: Callable[[CellCode], tuple[float, ...]] | None = None,
) -> RowPlan:
    """A row's alpha terms in the order ``priority`` gives (most selective first)."""
    elements = fit_stack(codes, group_stack, priority)
    terms = tuple(term for el in elements for term in el.json_terms())
    return RowPlan(index, terms, sum(el.fanout for el in elements))


def fit_stack(
    codes: Sequence[CellCode],
    group_stack: int,
    priority: Callable[[CellCode], tuple[float, ...]] | None = None,
) -> list[Element]:
    """Choose elements within the marker budget, then trade ``$or`` for chains while the
    row's own fan-out could push a walk past :data:`STACK_LIMIT`."""
    pairs = choose_elements(codes, MAX_MARKERS - TOP_MARKERS, priority)
    stack = group_stack + sum(el.fanout for _, el in pairs)
    for i in sorted(range(len(pairs)), key=lambda i: -pairs[i][1].fanout):
        code, el = pairs[i]
        if stack <= STACK_LIMIT or el.fanout == 0:
            break
        assert code.chain is not None  # only named cells lack a chain, and they fan out 0
        pairs[i] = (code, code.chain)
        stack -= el.fanout
    return [el for _, el in pairs]


def group_shape(n: int, max_fan: int = MAX_FAN) -> tuple[int, int]:
    """Depth and fan-out of a balanced tree with at least ``n`` leaves (depth 0 if n <= 1)."""
    if n <= 1:
        return 0, 1
    depth = max(1, math.ceil(math.log(n, max_fan) - 1e-9))
    while max_fan**depth < n:
        depth += 1
    fan = max(2, math.ceil(n ** (1 / depth) - 1e-9))
    while fan**depth < n:
        fan += 1
    return depth, fan


def group_path(position: int, depth: int, fan: int) -> list[dict[str, Any]]:
    """Always-true tests placing a leaf at ``position`` in the grouping tree."""
    digits = []
    for _ in range(depth):
        position, digit = divmod(position, fan)
        digits.append(digit)
    return [{"$ex": {GROUP_PROP: digit + 1}} for digit in reversed(digits)]


def _condition(terms: Sequence[dict[str, Any]]) -> dict[str, Any]:
    if not terms:
        return ALWAYS
    if len(terms) == 1:
        return terms[0]
    return {"$and": list(terms)}


def _domains(
    spec: TableSpec, names: Sequence[str], named: Sequence[Sequence[str] | None]
) -> tuple[dict[str, int], dict[str, str]]:
    """Each fact property's number of values, and the named classes' exclusive groups."""
    domains: dict[str, int] = {}
    exclusive: dict[str, str] = {}
    for c, (name, count) in enumerate(zip(names, spec.class_counts, strict=True)):
        props = named[c] if named else None
        if props is None:
            domains[name] = count
            continue
        for prop in props:
            domains[prop] = 1
            exclusive[prop] = name
    domains[GROUP_PROP] = 1
    return domains, exclusive


def build(
    spec: TableSpec,
    names: Sequence[str],
    plans: Sequence[RowPlan],
    leaf: int | None,
    named: Sequence[Sequence[str] | None] = (),
) -> tuple[dict[str, Any], Shadow]:
    """Rules for ``plans``: flat if ``leaf`` is None, else grouped in leaves of ``leaf``."""
    domains, exclusive = _domains(spec, names, named)
    domains[PRIMER_PROP] = 1
    shadow = Shadow(domains, exclusive)
    rules: dict[str, Any] = {}
    depth, fan = (0, 1) if leaf is None else group_shape(math.ceil(len(plans) / leaf))
    for position, plan in enumerate(plans):
        terms: list[dict[str, Any]] = []
        if leaf is not None:
            terms = group_path(position // leaf, depth, fan)
        terms.extend(plan.terms)
        condition = _condition(terms)
        name = f"r{plan.row}"
        shadow.add_rule(name, condition)
        rules[name] = {"all": [{"m": condition}], "cap": CAP}
    shadow.add_rule(PRIMER_RULE, PRIMER_CONDITION)  # last: never ahead of a row
    rules[PRIMER_RULE] = {"all": [{"m": PRIMER_CONDITION}]}
    return rules, shadow


def compile_slice(
    spec: TableSpec,
    names: Sequence[str],
    plans: Sequence[RowPlan],
    leaf: int | None = None,
    named: Sequence[Sequence[str] | None] = (),
) -> CompiledRuleset:
    """One ruleset for ``plans``: flat if it fits, else the widest leaves that fit
    (``leaf`` forces grouped leaves of that size first, for tests)."""
    rows = tuple(p.row for p in plans)
    if leaf is None and len({json.dumps(p.terms[:1]) for p in plans}) > CHILD_SLOTS:
        leaf = MAX_FAN  # the root could not hold the distinct first tests: group at once
    rules, shadow = build(spec, names, plans, leaf, named)
    stats = shadow.stats()
    layout = "flat" if leaf is None else f"grouped/{leaf}"
    leaf = MAX_FAN if leaf is None else leaf // 2
    while not stats.within_limits(STACK_LIMIT) and leaf >= 1:
        rules, shadow = build(spec, names, plans, leaf, named)
        stats = shadow.stats()
        layout = f"grouped/{leaf}"
        leaf //= 2
    if not stats.within_limits(STACK_LIMIT):
        raise AssertionError(f"table {spec.name!r}: no layout fits the engine ({stats})")
    definition = json.dumps(rules, separators=(",", ":"))
    return CompiledRuleset(rows, definition, layout, stats, shadow)


def compile_table(
    spec: TableSpec,
    *,
    max_rules: int = MAX_RULES,
    relabel: bool = True,
    leaf: int | None = None,
    sharing: Sequence[float] | None = None,
    named_max: int = NAMED_MAX,
) -> CompiledTable:
    """Compile a validated spec into rulesets (rows that can never match are left out).

    A tested column of at most ``named_max`` classes is *named*: the fact carries, in
    place of the column's class id, a property whose name says the class, and its cells
    test that the fact has one of the names their classes accepts (see
    :func:`~engine.rete.encoding.encode_named_cell`: the engine evaluates only the one
    such test at a node whose name the fact has, where it evaluates every test on one
    property).  If some row's ``$or`` of names cannot fit the engine's expression
    markers, the table is compiled again with no named column.

    With ``relabel``, columns whose cells are not contiguous runs of class ids are
    renumbered first (see :mod:`engine.rete.relabel`); cases must then be translated
    with :attr:`CompiledTable.ranks`.  Each weight in ``sharing`` (default
    :data:`SHARING`) orders every row's tests by ``selectivity + weight * distinct cells
    of the column / rows``: 0 puts the most selective test first, a large weight puts the
    columns with the fewest different cells first so that rows share their first nodes.
    The weight whose first ruleset has the lowest
    :func:`~engine.rete.costmodel.expected_cost_ns` is used for all of them.  Rows are
    cut into rulesets of at most ``max_rules`` (balanced): a FIRST batch stops at the
    first ruleset in which a case fires.
    """
    try:
        return _compile_table(spec, max_rules, relabel, leaf, sharing, named_max)
    except MarkerBudgetError:
        if named_max == 0:
            raise
        return _compile_table(spec, max_rules, relabel, leaf, sharing, 0)


def _compile_table(
    spec: TableSpec,
    max_rules: int,
    relabel: bool,
    leaf: int | None,
    sharing: Sequence[float] | None,
    named_max: int,
) -> CompiledTable:
    rows = [[None if cell is None else frozenset(cell) for cell in row] for row in spec.rows]
    bounds: list[list[Bounds]] = [
        [cell_bounds(spec, i, c, cell) if cell else None for c, cell in enumerate(row)]
        for i, row in enumerate(rows)
    ]  # checks every class id before anything else reads them
    tested = [
        sum(1 for row in rows if row[c] is not None and len(row[c]) < n)
        for c, n in enumerate(spec.class_counts)
    ]
    is_named = [1 < n <= named_max and t > 0 for n, t in zip(spec.class_counts, tested, strict=True)]
    ranks: list[tuple[int, ...] | None] = []
    for c, count in enumerate(spec.class_counts):
        cells = [row[c] for row in rows if row[c] is not None]
        rank = better_numbering(cells, count) if relabel and not is_named[c] else None
        ranks.append(None if rank is None else tuple(rank))
        if rank is not None:
            for i, row in enumerate(rows):
                cell = row[c]
                if cell:
                    row[c] = cell = frozenset(rank[k] for k in cell)
                    bounds[i][c] = (min(cell), max(cell))
    all_names = column_names(spec.columns + sum(n for n, x in zip(spec.class_counts, is_named, strict=True) if x))
    names, extra = all_names[: spec.columns], iter(all_names[spec.columns :])
    named: list[tuple[str, ...] | None] = [
        tuple(itertools.islice(extra, n)) if x else None
        for n, x in zip(spec.class_counts, is_named, strict=True)
    ]
    # the cost model counts a named class as the column's class (an alias)
    domains = dict(zip(names, spec.class_counts, strict=True))
    domains[GROUP_PROP] = 1
    aliases = {
        prop: (names[c], k)
        for c, props in enumerate(named)
        if props is not None
        for k, prop in enumerate(props)
    }
    max_rules = min(max_rules, ENGINE_RULES)
    group_stack = _group_stack(min(len(spec.rows), max_rules))
    distinct = [
        len({row[c] for row in rows if row[c] is not None and len(row[c]) < n})
        for c, n in enumerate(spec.class_counts)
    ]
    live = [
        (i, codes)
        for i, row in enumerate(rows)
        if (codes := row_codes(spec, names, row, bounds[i], named)) is not None
    ]

    def plans_for(weight: float, rows_: Sequence[tuple[int, list[CellCode]]]) -> list[RowPlan]:
        share = [d / max(1, len(rows)) for d in distinct]

        def priority(code: CellCode) -> tuple[float, ...]:
            return (code.selectivity + weight * share[code.column], code.column)

        return [plan_row(i, codes, group_stack, priority) for i, codes in rows_]

    slices = max(1, math.ceil(len(live) / max_rules))
    size = max(1, math.ceil(len(live) / slices))  # balanced: no small last slice
    # choose the test order on the first slice (the column statistics are table-wide);
    # without a column whose rows repeat their cells, sharing has nothing to share
    weight, first = 0.0, None
    shareable = any(0 < d <= SHAREABLE * t for d, t in zip(distinct, tested, strict=True))
    candidates = (SHARING if shareable else (0.0,)) if sharing is None else tuple(sharing)
    if len(candidates) > 1 and live:
        best_cost, tried = float("inf"), set()
        for candidate in candidates:
            plans = plans_for(candidate, live[:size])
            signature = tuple(json.dumps(p.terms) for p in plans)
            if signature in tried:  # orders every row as an earlier weight did
                continue
            tried.add(signature)
            ruleset = compile_slice(spec, names, plans, leaf, named)
            assert ruleset.shadow is not None
            cost = expected_cost_ns(ruleset.shadow, domains, aliases=aliases)
            if cost < best_cost:
                best_cost, weight, first = cost, candidate, ruleset
    elif candidates:
        weight = candidates[0]
    rulesets = [] if first is None else [first]
    for start in range(len(rulesets) * size, len(live), size):
        plans = plans_for(weight, live[start : start + size])
        rulesets.append(compile_slice(spec, names, plans, leaf, named))
    return CompiledTable(
        spec.name, spec.columns, tuple(rulesets), tuple(ranks), tuple(names), tuple(named)
    )


def _group_stack(n: int) -> int:
    """Stack entries the grouping tree with private anchors can hold for ``n`` rules."""
    depth, fan = group_shape(n)
    return depth * (fan - 1) + 1
