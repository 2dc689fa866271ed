"""S-FEEL, the cell language of DMN 1.5 decision tables: values, parser, evaluation.

Cells are data, never code: text is parsed with the LALR grammar in ``grammar.lark``
into the frozen syntax tree of ``engine.feel.ast``, which evaluates itself.

The parser (and with it lark) loads on first use of a ``parse_*`` name: a rule base read
from the cache (``engine.cache``) evaluates syntax trees without parsing any text.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from engine.feel.ast import (
    Arithmetic,
    CompareTest,
    EqualTest,
    Expression,
    IntervalTest,
    Literal,
    Name,
    Negation,
    Relation,
    UnaryTests,
)
from engine.feel.errors import FeelSyntaxError
from engine.feel.values import (
    DaysTimeDuration,
    YearsMonthsDuration,
    compare,
    equal,
    from_python,
    parse_duration,
    to_feel_literal,
    type_name,
)

__all__ = [
    "Arithmetic",
    "CompareTest",
    "DaysTimeDuration",
    "EqualTest",
    "Expression",
    "FeelSyntaxError",
    "IntervalTest",
    "Literal",
    "Name",
    "Negation",
    "Relation",
    "UnaryTests",
    "YearsMonthsDuration",
    "compare",
    "equal",
    "from_python",
    "parse_duration",
    "parse_expression",
    "parse_literal",
    "parse_literal_list",
    "parse_unary_tests",
    "to_feel_literal",
    "type_name",
]

_PARSER = frozenset({"parse_expression", "parse_literal", "parse_literal_list", "parse_unary_tests"})

if TYPE_CHECKING:
    from engine.feel.parser import parse_expression, parse_literal, parse_literal_list, parse_unary_tests


def __getattr__(name: str) -> Any:
    if name in _PARSER:
        return getattr(importlib.import_module("engine.feel.parser"), name)
    raise AttributeError(f"module 'engine.feel' has no attribute {name!r}")
