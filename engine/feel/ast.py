"""The syntax tree of S-FEEL cells: frozen dataclasses with value equality.

Printing a node gives canonical S-FEEL text: ``parse(str(node)) == node`` for every
node the parser builds.  Evaluating never raises: anything FEEL leaves undefined is
null (``None``).  Names are looked up in a mapping by their full dotted name, then part
by part through nested mappings; a name the mapping lacks is null.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from engine.feel.arithmetic import binary, negate
from engine.feel.literals import to_feel_literal
from engine.feel.values import compare, equal, kind

Env = Mapping[str, Any] | None

# Binding strength, loosest first; a child that binds more loosely than its slot
# allows is printed in parentheses.
_RELATION, _SUM, _PRODUCT, _POWER, _NEGATION, _ATOM = range(1, 7)
_PRECEDENCE = {"+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT, "**": _POWER}
RELATIONS = ("=", "!=", "<", "<=", ">", ">=")
_ORDER_OPS = {"<": (-1,), "<=": (-1, 0), ">": (1,), ">=": (1, 0)}


class Expression(ABC):
    """An S-FEEL simple expression (an output cell), or an endpoint of a unary test."""

    precedence: ClassVar[int] = _ATOM

    @abstractmethod
    def evaluate(self, env: Env = None) -> Any:
        """The expression's FEEL value given the facts in ``env``."""

    @abstractmethod
    def names(self) -> frozenset[str]:
        """The dotted names the expression reads."""

    @property
    def is_static(self) -> bool:
        return not self.names()

    def _operand(self, child: Expression, tightest_allowed: int) -> str:
        text = str(child)
        return f"({text})" if child.precedence < tightest_allowed else text


@dataclass(frozen=True, eq=False)
class Literal(Expression):
    """A literal value; equal to another literal only when type and value agree."""

    value: Any

    @property
    def precedence(self) -> int:  # type: ignore[override]
        # -5 prints with a sign, which reads back as a negation of 5.
        return _NEGATION if kind(self.value) == "number" and self.value < 0 else _ATOM

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Literal):
            return NotImplemented
        return kind(self.value) == kind(other.value) and bool(self.value == other.value)

    def __hash__(self) -> int:
        return hash((kind(self.value), self.value))

    def evaluate(self, env: Env = None) -> Any:
        return self.value

    def names(self) -> frozenset[str]:
        return frozenset()

    def __str__(self) -> str:
        return to_feel_literal(self.value)


@dataclass(frozen=True)
class Name(Expression):
    """A (qualified) name such as ``age`` or ``Complex.aNumber``."""

    parts: tuple[str, ...]
    dotted: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "dotted", ".".join(self.parts))

    def evaluate(self, env: Env = None) -> Any:
        if env is None:
            return None
        try:
            return env[self.dotted]
        except (KeyError, TypeError):
            pass
        value: Any = env
        for part in self.parts:
            if not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value if len(self.parts) > 1 else None

    def names(self) -> frozenset[str]:
        return frozenset((self.dotted,))

    def __str__(self) -> str:
        return self.dotted


@dataclass(frozen=True)
class Negation(Expression):
    """``-operand``."""

    operand: Expression
    precedence: ClassVar[int] = _NEGATION

    def evaluate(self, env: Env = None) -> Any:
        return negate(self.operand.evaluate(env))

    def names(self) -> frozenset[str]:
        return self.operand.names()

    def __str__(self) -> str:
        return "-" + self._operand(self.operand, _NEGATION)


@dataclass(frozen=True)
class Arithmetic(Expression):
    """``left op right`` for op in ``+ - * / **`` (all left-associative)."""

    op: str
    left: Expression
    right: Expression

    @property
    def precedence(self) -> int:  # type: ignore[override]
        return _PRECEDENCE[self.op]

    def evaluate(self, env: Env = None) -> Any:
        return binary(self.op, self.left.evaluate(env), self.right.evaluate(env))

    def names(self) -> frozenset[str]:
        return self.left.names() | self.right.names()

    def __str__(self) -> str:
        level = _PRECEDENCE[self.op]
        right_level = _NEGATION if self.op == "**" else level + 1
        left = self._operand(self.left, level)
        return f"{left} {self.op} {self._operand(self.right, right_level)}"


@dataclass(frozen=True)
class Relation(Expression):
    """``left op right`` for op in ``= != < <= > >=``: true, false or null."""

    op: str
    left: Expression
    right: Expression
    precedence: ClassVar[int] = _RELATION

    def evaluate(self, env: Env = None) -> bool | None:
        a, b = self.left.evaluate(env), self.right.evaluate(env)
        if self.op in ("=", "!="):
            same = equal(a, b)
            return same if same is None or self.op == "=" else not same
        order = compare(a, b)
        return None if order is None else order in _ORDER_OPS[self.op]

    def names(self) -> frozenset[str]:
        return self.left.names() | self.right.names()

    def __str__(self) -> str:
        left = self._operand(self.left, _SUM)
        return f"{left} {self.op} {self._operand(self.right, _SUM)}"


Endpoint = Literal | Name


@dataclass(frozen=True)
class EqualTest:
    """An endpoint alone: FEEL equality, or membership when the endpoint is a list.

    The list rule (DMN 1.2+) makes a name bound to a list, ``Flu Symptoms``, match each
    of its elements.  ``null`` is this test with a null literal: it matches only null.
    """

    endpoint: Endpoint

    def evaluate(self, value: Any, env: Env = None) -> bool | None:
        target = self.endpoint.evaluate(env)
        if isinstance(target, list | tuple) and not isinstance(value, list | tuple):
            return any(equal(value, item) is True for item in target)
        return equal(value, target)

    def __str__(self) -> str:
        return str(self.endpoint)


@dataclass(frozen=True)
class CompareTest:
    """``< e``, ``<= e``, ``> e`` or ``>= e``."""

    op: str
    endpoint: Endpoint

    def evaluate(self, value: Any, env: Env = None) -> bool | None:
        order = compare(value, self.endpoint.evaluate(env))
        return None if order is None else order in _ORDER_OPS[self.op]

    def __str__(self) -> str:
        return f"{self.op} {self.endpoint}"


@dataclass(frozen=True)
class IntervalTest:
    """``[low..high]``; either end may be open (``(``/``]`` start, ``)``/``[`` end)."""

    low: Endpoint
    high: Endpoint
    low_closed: bool = True
    high_closed: bool = True

    def evaluate(self, value: Any, env: Env = None) -> bool | None:
        lo = compare(value, self.low.evaluate(env))
        hi = compare(value, self.high.evaluate(env))
        above_low = None if lo is None else (lo > 0 or (lo == 0 and self.low_closed))
        below_high = None if hi is None else (hi < 0 or (hi == 0 and self.high_closed))
        if above_low is False or below_high is False:
            return False
        return None if above_low is None or below_high is None else True

    def __str__(self) -> str:
        start = "[" if self.low_closed else "("
        end = "]" if self.high_closed else ")"
        return f"{start}{self.low}..{self.high}{end}"


PositiveTest = EqualTest | CompareTest | IntervalTest


@dataclass(frozen=True)
class UnaryTests:
    """An input cell: ``-``, a comma list of positive tests, or ``not(`` such a list ``)``.

    The list matches when any of its tests does (three-valued ``or``); ``not`` turns true
    into false and false into true and keeps null null.  ``-`` (no tests) matches
    anything, null included.
    """

    tests: tuple[PositiveTest, ...] = ()
    negated: bool = False

    @property
    def is_dont_care(self) -> bool:
        return not self.tests

    @property
    def is_static(self) -> bool:
        """True when the cell reads no other fact (only literals)."""
        return not self.names()

    def names(self) -> frozenset[str]:
        found: set[str] = set()
        for test in self.tests:
            for end in _ends(test):
                if isinstance(end, Name):
                    found.add(end.dotted)
        return frozenset(found)

    def endpoints(self) -> list[Any]:
        """Every literal value the tests compare against (null excluded), in text order."""
        return [
            end.value
            for test in self.tests
            for end in _ends(test)
            if isinstance(end, Literal) and end.value is not None
        ]

    def evaluate(self, value: Any, env: Env = None) -> bool | None:
        """True, false, or None (null) for ``value``."""
        if not self.tests:
            return True
        result: bool | None = False
        for test in self.tests:
            outcome = test.evaluate(value, env)
            if outcome is True:
                result = True
                break
            if outcome is None:
                result = None
        if self.negated and result is not None:
            return not result
        return result

    def matches(self, value: Any, env: Env = None) -> bool:
        """Whether a rule with this cell fires for ``value`` (a null result does not)."""
        return self.evaluate(value, env) is True

    def __str__(self) -> str:
        if not self.tests:
            return "-"
        listed = ", ".join(str(t) for t in self.tests)
        return f"not({listed})" if self.negated else listed


def _ends(test: PositiveTest) -> tuple[Endpoint, ...]:
    if isinstance(test, IntervalTest):
        return (test.low, test.high)
    return (test.endpoint,)
