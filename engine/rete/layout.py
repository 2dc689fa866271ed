"""Lay a table's rows out as durable-rules rulesets whose alpha network stays within limits.

Each row becomes one rule ``r<row>`` whose only condition is one fact ``m`` (the case)
passing a conjunction of alpha tests (see :mod:`engine.rete.encoding`).  Its action index
is its position in the ruleset, so the engine hands actions out in row order.

Measured on the C engine (2 cores): a fact costs about 1.2 us to parse, 130 ns per alpha
node it passes and 70 ns per child test evaluated at those nodes, plus about 1.2 us to
store it if it reaches any rule.  So the cheapest layout is **flat**: each rule's tests
hang straight off the root, identical leading tests are shared, and a case evaluates each
distinct first test once.  Flat breaks when many rules' first tests pass together: the
engine pushes every passing child on a 64-entry stack before exploring any (a 1,000-row
table of ``>= t`` cells passes hundreds).  :class:`~engine.rete.shadow.Shadow` bounds that
depth exactly for a candidate layout; when flat does not fit, rows are spread over a
**grouping tree**: every rule starts with a path of always-true tests ``$ex g`` (the fact
carries ``g``; the engine evaluates ``$ex`` without reading the value, and the value in the
test only keeps sibling nodes distinct) that puts it in a balanced tree of fan-out at most :data:`MAX_FAN`, so
the walk holds at most ``depth * (fan - 1)`` group nodes plus one leaf group's rows.  If a
leaf group still does not fit, leaves shrink down to one rule each (every rule then has a
private path), which is always within limits because :func:`fit_stack` bounds what a
row's own elements add to the group tree's share.

Rows beyond :data:`MAX_RULES` (the engine allows 4,096 actions per ruleset) go to further
rulesets, each holding a contiguous slice of rows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.rete.encoding import MAX_MARKERS, TOP_MARKERS, CellCode, Element, choose_elements
from engine.rete.encoding import encode_cell as _encode_cell
from engine.rete.shadow import Shadow, ShadowStats
from engine.rete.spec import TableSpec

MAX_RULES = 4000  # rules per ruleset (engine limit 4,096)
MAX_FAN = 16  # children per grouping node
STACK_LIMIT = 60  # worst-case alpha stack depth allowed (engine limit 64)
CAP = 65535  # frames one action may carry (an unsigned short in the engine)
GROUP_PROP = "g"
ALWAYS: dict[str, Any] = {"$ex": {GROUP_PROP: 0}}  # the condition of a row without tests


def column_prop(column: int) -> str:
    """The fact property that carries a column's class id."""
    return f"x{column}"


@dataclass(frozen=True)
class CompiledRuleset:
    """One durable-rules ruleset covering a contiguous slice of a table's rows."""

    rows: tuple[int, ...]  # table row of each rule, in action order (ascending)
    definition: str  # JSON for durable_rules_engine.create_ruleset
    layout: str  # "flat", "grouped/<leaf size>"
    stats: ShadowStats  # the shadow network's size and worst-case stack depth
    shadow: Shadow = field(repr=False, compare=False)  # kept for tests and benchmarks


@dataclass(frozen=True)
class CompiledTable:
    name: str
    columns: int
    rulesets: tuple[CompiledRuleset, ...]


@dataclass(frozen=True)
class RowPlan:
    row: int
    terms: tuple[dict[str, Any], ...]  # the row's own alpha terms, most selective first
    fanout: int  # stack entries the row's own $or elements can add


def plan_row(spec: TableSpec, index: int, group_stack: int) -> RowPlan | None:
    """Encode a row's cells; None if some cell accepts nothing (the row never matches)."""
    codes: list[CellCode] = []
    for column, cell in enumerate(spec.rows[index]):
        if cell is None:
            continue
        if not cell:
            return None
        code = _encode_cell(column, column_prop(column), frozenset(cell), spec.class_counts[column])
        if code is not None:
            codes.append(code)
    elements = fit_stack(codes, group_stack)
    terms = tuple(term for el in elements for term in el.json_terms())
    return RowPlan(index, terms, sum(el.fanout for el in elements))


def fit_stack(codes: Sequence[CellCode], group_stack: int) -> list[Element]:
    """Choose elements within the marker budget, then trade ``$or`` for chains while the
    row's own fan-out could push a walk past :data:`STACK_LIMIT`."""
    pairs = choose_elements(codes, MAX_MARKERS - TOP_MARKERS)
    stack = group_stack + sum(el.fanout for _, el in pairs)
    for i in sorted(range(len(pairs)), key=lambda i: -pairs[i][1].fanout):
        code, el = pairs[i]
        if stack <= STACK_LIMIT or el.fanout == 0:
            break
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


def build(
    spec: TableSpec, plans: Sequence[RowPlan], leaf: int | None
) -> tuple[dict[str, Any], Shadow]:
    """Rules for ``plans``: flat if ``leaf`` is None, else grouped in leaves of ``leaf``."""
    domains = {column_prop(c): n for c, n in enumerate(spec.class_counts)}
    domains[GROUP_PROP] = 1
    shadow = Shadow(domains)
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
    return rules, shadow


def compile_slice(spec: TableSpec, plans: Sequence[RowPlan]) -> CompiledRuleset:
    """One ruleset for ``plans``: flat if it fits, else the widest leaves that fit."""
    rows = tuple(p.row for p in plans)
    rules, shadow = build(spec, plans, None)
    stats = shadow.stats()
    layout = "flat"
    leaf = MAX_FAN
    while not stats.within_limits(STACK_LIMIT) and leaf >= 1:
        rules, shadow = build(spec, plans, leaf)
        stats = shadow.stats()
        layout = f"grouped/{leaf}"
        leaf //= 2
    if not stats.within_limits(STACK_LIMIT):
        raise AssertionError(f"table {spec.name!r}: no layout fits the engine ({stats})")
    definition = json.dumps(rules, separators=(",", ":"))
    return CompiledRuleset(rows, definition, layout, stats, shadow)


def compile_table(spec: TableSpec, *, max_rules: int = MAX_RULES) -> CompiledTable:
    """Compile a validated spec into rulesets (rows that can never match are left out)."""
    group_stack = _group_stack(min(len(spec.rows), max_rules))
    plans = [p for i in range(len(spec.rows)) if (p := plan_row(spec, i, group_stack))]
    rulesets = tuple(
        compile_slice(spec, plans[start : start + max_rules])
        for start in range(0, len(plans), max_rules)
    )
    return CompiledTable(spec.name, spec.columns, rulesets)


def _group_stack(n: int) -> int:
    """Stack entries the grouping tree with private anchors can hold for ``n`` rules."""
    depth, fan = group_shape(n)
    return depth * (fan - 1) + 1


def fact_template(columns: int) -> str:
    """A ``%`` template turning ``(id, *classes)`` into the case's fact JSON.

    ``id`` comes first so that the adapter can read it back from an action's frames.  The
    fact has no ``sid``: it lives in the ruleset's default state ``"0"``.  Every property
    costs about 0.1 us per fact to parse and probe, so there are no others.
    """
    props = "".join(f',"{column_prop(c)}":%d' for c in range(columns))
    return '{"id":%d,"' + GROUP_PROP + '":0' + props + "}"
