"""The finite domain of an input column: the classes static analysis ranges over.

Static analysis asks questions about every possible input (does some input match no
row? two rows?).  The compiler's idea (``engine.compiler.value_classes``) makes that
finite: the thresholds and literals a column's cells use cut its values into points and
the open stretches between them, and every value of one stretch passes and fails the
same cells.  Here the values are those of the fact's *type* (a number column is not
asked about texts, an enumeration only about its allowed values), and *not documented*
(null) is always a class of its own, because a row may test for it (``null``, ``-``,
``not("x")``) and an author needs to see it apart.

Atoms are the stretches and points; atoms that every cell of the column treats alike
form one class.  A column whose cells name other facts (``> physical_therapy.trial_limit``)
gets composite atoms: a value of the column together with values of the named facts,
chosen so that every order between them and the literals occurs.  The named facts are
taken as independent of the table's other columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from engine.compiler.value_classes import candidate_values
from engine.feel import values as feel_values
from engine.feel.ast import UnaryTests
from engine.model import FactDef, FactType, InputColumn
from engine.validation.grid import bits, runs
from engine.validation.ordered import SEARCHABLE, Order, keys, run_mask

_ENV_LIMIT = 4_000  # composite atoms beyond this use fewer values per named fact

_KIND = {
    FactType.NUMBER: "number",
    FactType.INTEGER: "number",
    FactType.TEXT: "string",
    FactType.ENUMERATION: "string",
    FactType.BOOLEAN: "boolean",
    FactType.DATE: "date",
    FactType.TIME: "time",
    FactType.DATE_TIME: "date and time",
    FactType.DAYS_DURATION: "days and time duration",
    FactType.MONTHS_DURATION: "years and months duration",
}
_PROBE: dict[str, Any] = {
    "number": Decimal(0),
    "string": "",
    "date": dt.date(2000, 1, 1),
    "time": dt.time(0, 0),
    "date and time": dt.datetime(2000, 1, 1),
    "years and months duration": feel_values.YearsMonthsDuration(0),
    "days and time duration": feel_values.DaysTimeDuration(Decimal(0)),
}
_UNBOUNDED = object()


def expected_kind(fact: FactDef) -> str | None:
    """The FEEL type name a value of the fact has, or None for ``any``."""
    return _KIND.get(fact.type)


def literal(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return feel_values.to_feel_literal(value)


@dataclass(frozen=True)
class Atom:
    """One value, or one open stretch of values, of a column (with named facts' values)."""

    value: Any
    env: tuple[tuple[str, Any], ...] = ()
    null: bool = False
    low: Any = _UNBOUNDED  # an open stretch: its ends (unbounded when absent)
    high: Any = _UNBOUNDED
    point: bool = True
    pos: int = 0  # order along an ordered domain

    def shown(self) -> str:
        text = "not documented" if self.null else literal(self.value)
        if self.env:
            text += " with " + ", ".join(
                f"{n} = {'not documented' if v is None else literal(v)}" for n, v in self.env
            )
        return text


@dataclass
class DomainClass:
    """Atoms every cell of the column treats alike."""

    atoms: list[Atom]

    @property
    def null(self) -> bool:
        """Not documented: the column's fact, or a fact its cells name."""
        atom = self.atoms[0]
        return atom.null or any(v is None for _, v in atom.env)

    @property
    def example(self) -> Atom:
        return next((a for a in self.atoms if a.point), self.atoms[0])


@dataclass
class ColumnDomain:
    fact: str
    classes: list[DomainClass]
    ordered: bool  # atoms are stretches and points along one order
    composite: bool  # atoms carry values of facts the cells name
    names: tuple[str, ...] = ()  # the facts the cells name
    _masks: dict[UnaryTests, int] = field(default_factory=dict)
    full: int = field(init=False)
    null_mask: int = field(init=False)

    def __post_init__(self) -> None:
        self.full = (1 << len(self.classes)) - 1
        self.null_mask = sum(1 << k for k, c in enumerate(self.classes) if c.null)

    def mask(self, tests: UnaryTests) -> int:
        """The classes whose values a cell matches, as a bit mask."""
        if tests.is_dont_care:
            return self.full
        found = self._masks.get(tests)
        if found is None:
            found = 0
            for k, cls in enumerate(self.classes):
                atom = cls.atoms[0]
                if tests.matches(None if atom.null else atom.value, dict(atom.env)):
                    found |= 1 << k
            self._masks[tests] = found
        return found

    def describe(self, mask: int) -> str:
        """The values of the classes in ``mask``, as an author would write them."""
        if mask == self.full:
            return "any value"
        if self.composite:  # one example per class, the named facts' values with it
            return _listed([self.classes[k].example.shown() for k in bits(mask)], 2)
        null = bool(mask & self.null_mask)
        values = mask & ~self.null_mask
        if not values:
            return "not documented"
        if values == self.full & ~self.null_mask:
            text = "any documented value"
        elif self.ordered:  # classes, and the atoms in each, are in order
            text = ", ".join(
                _range(self.classes[start].atoms[0], self.classes[stop - 1].atoms[-1])
                for start, stop in runs(values)
            )
        else:
            text = _listed([a.shown() for k in bits(values) for a in self.classes[k].atoms], 6)
        return text + (", or not documented" if null else "")


    def one_example(self, mask: int) -> str:
        """One value of the classes in ``mask`` (a documented one when there is one), for a short example case."""
        values = mask & ~self.null_mask
        if not values:
            return "not documented"
        cls = self.classes[next(iter(bits(values)))]
        if self.ordered and not self.composite:
            return _range(cls.atoms[0], cls.atoms[-1])
        return cls.example.shown()

    def documented_any(self, mask: int) -> bool:
        """``mask`` holds every documented value (whether or not it holds not documented)."""
        return mask & ~self.null_mask == self.full & ~self.null_mask


def _listed(shown: list[str], limit: int) -> str:
    return ", ".join(shown[:limit]) + (f" (or {len(shown) - limit} more)" if len(shown) > limit else "")


def _range(first: Atom, last: Atom) -> str:
    """The values from atom ``first`` to atom ``last`` in S-FEEL: ``< 1``, ``[7..10]``."""
    if first is last and first.point:
        return literal(first.value)
    low_open, high_open = not first.point, not last.point
    low = first.low if low_open else first.value
    high = last.high if high_open else last.value
    if low is _UNBOUNDED and high is _UNBOUNDED:
        return "any documented value"
    if low is _UNBOUNDED:
        return f"{'<' if high_open else '<='} {literal(high)}"
    if high is _UNBOUNDED:
        return f"{'>' if low_open else '>='} {literal(low)}"
    return f"{'(' if low_open else '['}{literal(low)}..{literal(high)}{')' if high_open else ']'}"


# --- building ---------------------------------------------------------------------------


def build_domain(
    column: InputColumn, cells: Sequence[UnaryTests], glossary: Mapping[str, FactDef]
) -> ColumnDomain:
    """The classes of one input column, given every cell of it."""
    fact = glossary.get(column.fact)
    tests = list(dict.fromkeys(c for c in cells if not c.is_dont_care))
    restrict = column.input_values
    points = [p for t in tests for p in t.endpoints()]
    if restrict is not None:
        points.extend(restrict.endpoints())
    names = sorted(set().union(*(t.names() for t in tests))) if tests else []
    if not names and fact is not None and _is_ordered(fact) and expected_kind(fact) in SEARCHABLE:
        return _ordered_domain(column.fact, fact, tests, restrict, points)
    atoms: list[Atom] = []
    for env in _environments(names, points, glossary):
        extra = [v for _, v in env if v is not None]
        atoms.extend(_typed_atoms(fact, [*points, *extra], env))
        atoms.append(Atom(None, env, null=True))
    if restrict is not None:
        atoms = [a for a in atoms if a.null or restrict.matches(a.value, dict(a.env))]
    classes: list[DomainClass] = []
    index: dict[tuple[bool, ...], int] = {}
    for atom in atoms:
        bindings = dict(atom.env)
        value = None if atom.null else atom.value
        undocumented = atom.null or any(v is None for v in bindings.values())
        signature = (undocumented, *(t.matches(value, bindings) for t in tests))
        k = index.get(signature)
        if k is None:
            index[signature] = len(classes)
            classes.append(DomainClass([atom]))
        else:
            classes[k].atoms.append(atom)
    return ColumnDomain(column.fact, classes, ordered=False, composite=bool(names), names=tuple(names))


# --- ordered columns -----------------------------------------------------------------------
# Masks by bisection (``ordered``); adjacent atoms that no cell tells apart are merged.

def _ordered_domain(
    name: str, fact: FactDef, tests: list[UnaryTests], restrict: UnaryTests | None, points: list[Any]
) -> ColumnDomain:
    atoms = _typed_atoms(fact, points, ())
    kind = expected_kind(fact)
    if restrict is not None:
        keep = run_mask(restrict, keys([a.value for a in atoms], kind), kind)
        atoms = [a for k, a in enumerate(atoms) if keep >> k & 1]
    order = keys([a.value for a in atoms], kind)
    masks = [run_mask(t, order, kind) for t in tests]
    cuts = 0  # bit k: atoms k and k + 1 differ for some cell
    for mask in masks:
        cuts |= mask ^ (mask >> 1)
    classes: list[DomainClass] = []
    for k, atom in enumerate(atoms):
        if classes and not cuts >> (k - 1) & 1:
            classes[-1].atoms.append(atom)
        else:
            classes.append(DomainClass([atom]))
    null = Atom(None, null=True)
    classes.append(DomainClass([null]))
    domain = ColumnDomain(name, classes, ordered=True, composite=False)
    firsts = keys([c.atoms[0].value for c in classes[:-1]], kind)
    null_bit = 1 << (len(classes) - 1)
    for t in tests:
        domain._masks[t] = run_mask(t, firsts, kind) | (null_bit if t.matches(None) else 0)
    return domain


def _is_ordered(fact: FactDef) -> bool:
    return not fact.is_list and not allowed_of_type(fact) and fact.type not in (FactType.BOOLEAN, FactType.ANY)


def allowed_of_type(fact: FactDef) -> list[Any]:
    """The fact's allowed values that have its type (others are a glossary error)."""
    want = expected_kind(fact)
    return [v for v in fact.allowed_values or () if want is None or feel_values.kind(v) == want]


def _environments(
    names: Sequence[str], points: list[Any], glossary: Mapping[str, FactDef]
) -> list[tuple[tuple[str, Any], ...]]:
    """Values for the facts a column's cells name: every order against the literals."""
    envs: list[tuple[tuple[str, Any], ...]] = [()]
    for name in names:
        fact = glossary.get(name)
        grown: list[tuple[tuple[str, Any], ...]] = []
        for env in envs:
            known = [*points, *(v for _, v in env if v is not None)]
            values = [a.value for a in _typed_atoms(fact, known, ())] + [None]
            grown.extend((*env, (name, v)) for v in values)
        if len(grown) > _ENV_LIMIT:  # many named facts: the literals themselves only
            grown = [(*env, (name, v)) for env in envs for v in [*_unique(points), None]][:_ENV_LIMIT]
        envs = grown
    return envs


def _unique(values: list[Any]) -> list[Any]:
    """Values without repeats (``1`` and ``1.0`` are one number), in first-seen order."""
    seen: dict[tuple[str, Any], Any] = {}
    for v in values:
        try:
            seen.setdefault((feel_values.kind(v), v), v)
        except TypeError:  # unhashable: a list
            seen.setdefault((feel_values.kind(v), repr(v)), v)
    return list(seen.values())


def _typed_atoms(fact: FactDef | None, points: list[Any], env: tuple[tuple[str, Any], ...]) -> list[Atom]:
    """The documented values of the fact's type, cut at ``points``."""
    if fact is None or fact.type is FactType.ANY:
        return [Atom(v, env) for v in _unique([c for c in candidate_values(points) if c is not None])]
    if fact.is_list:
        return [Atom([], env), *(Atom([p], env) for p in _unique(points))]
    if allowed := allowed_of_type(fact):
        return [Atom(v, env) for v in allowed]
    if fact.type is FactType.BOOLEAN:
        return [Atom(True, env), Atom(False, env)]
    kind = _KIND[fact.type]
    integer = fact.type is FactType.INTEGER
    own = [p for p in points if feel_values.kind(p) == kind and not (integer and not _integral(p))]
    ordered: list[Any] = []
    for p in sorted(_unique(own), key=Order):
        ordered.append(p)
    if not ordered:
        return [Atom(_PROBE[kind], env, point=False)]
    atoms: list[Atom] = []

    def stretch(value: Any, low: Any, high: Any) -> None:
        if value is not None:
            atoms.append(Atom(value, env, point=False, low=low, high=high, pos=len(atoms)))

    stretch(_below(ordered[0], integer), _UNBOUNDED, ordered[0])
    for i, p in enumerate(ordered):
        atoms.append(Atom(p, env, pos=len(atoms)))
        if i + 1 < len(ordered):
            stretch(_between(p, ordered[i + 1], integer), p, ordered[i + 1])
    stretch(_above(ordered[-1], integer), ordered[-1], _UNBOUNDED)
    return atoms


def _integral(value: Any) -> bool:
    return isinstance(value, Decimal | int) and value == int(value)


def _below(value: Any, integer: bool) -> Any:
    return value - 1 if integer else feel_values.below(value)


def _above(value: Any, integer: bool) -> Any:
    return value + 1 if integer else feel_values.above(value)


def _between(low: Any, high: Any, integer: bool) -> Any:
    if not integer:
        return feel_values.midpoint(low, high)
    middle = (Decimal(low) + Decimal(high)) / 2
    for candidate in (middle.to_integral_value(rounding=ROUND_FLOOR), middle.to_integral_value(rounding=ROUND_CEILING)):
        if low < candidate < high:
            return candidate
    return None
