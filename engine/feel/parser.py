"""Parsing S-FEEL cell text with the LALR grammar in ``grammar.lark``.

The lark parser is built once per process and builds the syntax tree directly (no
intermediate parse tree); results are cached by text, since table cells repeat.  Every
failure, including a literal whose content is invalid (``date("2015-13-01")``), is a
``FeelSyntaxError``; no other exception escapes for any input string.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

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
from engine.feel.durations import parse_duration
from engine.feel.errors import FeelSyntaxError
from engine.feel.literals import parse_date, parse_date_and_time, parse_time
from engine.feel.syntax_messages import describe_expected, describe_found

__all__ = ["parse_expression", "parse_literal", "parse_literal_list", "parse_unary_tests"]

_GRAMMAR = Path(__file__).with_name("grammar.lark")
_STARTS = ["unary_tests", "expression", "literal", "literal_list"]
_MAX_DEPTH = 100  # nesting of an output expression; deeper is surely not a table cell
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{6}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_SPACES = re.compile(r"[ \t]+")


class _BadLiteral(Exception):
    """Raised inside the tree builder; turned into FeelSyntaxError with the text."""

    def __init__(self, pos: int, expected: str, found: str) -> None:
        super().__init__(expected)
        self.pos = pos
        self.expected = expected
        self.found = found


def _unescape(token: Token) -> str:
    """The value of a STRING token: quotes removed, escapes decoded."""
    body = token.value[1:-1]
    if "\\" not in body:
        return body

    def decode(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            point = int(code[1:], 16)
            if point > 0x10FFFF:
                raise _BadLiteral((token.start_pos or 0) + 1 + match.start(), "a code point", code)
            return chr(point)
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code]
        raise _BadLiteral(
            (token.start_pos or 0) + 1 + match.start(),
            'an escape such as \\" \\\\ \\n \\t or \\u00e9',
            f"'\\{code}'",
        )

    text = _ESCAPE.sub(decode, body)
    # \ud83d\ude00 written as two escapes is one character (as in JSON and Java).
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _temporal(parse: Any, example: str) -> Any:
    def build(_: Any, children: list[Token]) -> Literal:
        string = children[1]
        try:
            return Literal(parse(_unescape(string)))
        except (ValueError, OverflowError) as exc:
            raise _BadLiteral(string.start_pos or 0, example, string.value) from exc

    return build


class _Builder(Transformer[Token, Any]):
    """Builds the ``engine.feel.ast`` nodes while the LALR parser reduces."""

    def dont_care(self, _: list[Any]) -> UnaryTests:
        return UnaryTests()

    def listed(self, children: list[Any]) -> UnaryTests:
        return UnaryTests(tuple(children))

    def negated(self, children: list[Any]) -> UnaryTests:
        return UnaryTests(tuple(children[1:]), negated=True)

    def equal_test(self, children: list[Any]) -> EqualTest:
        return EqualTest(children[0])

    def compare_test(self, children: list[Any]) -> CompareTest:
        return CompareTest(children[0].value, children[1])

    def interval_test(self, children: list[Any]) -> IntervalTest:
        low_closed, low, high, high_closed = children
        return IntervalTest(low, high, low_closed, high_closed)

    def closed(self, _: list[Any]) -> bool:
        return True

    def open(self, _: list[Any]) -> bool:
        return False

    def expression(self, children: list[Any]) -> Expression:
        return children[0]

    def relation(self, children: list[Any]) -> Relation:
        return Relation(children[1].value, children[0], children[2])

    def add(self, children: list[Any]) -> Arithmetic:
        return Arithmetic("+", *children)

    def subtract(self, children: list[Any]) -> Arithmetic:
        return Arithmetic("-", *children)

    def multiply(self, children: list[Any]) -> Arithmetic:
        return Arithmetic("*", *children)

    def divide(self, children: list[Any]) -> Arithmetic:
        return Arithmetic("/", *children)

    def exponentiate(self, children: list[Any]) -> Arithmetic:
        return Arithmetic("**", *children)

    def negate(self, children: list[Any]) -> Expression:
        operand = children[0]
        if isinstance(operand, Literal) and isinstance(operand.value, Decimal):
            return Literal(operand.value.copy_negate())  # -5 is the number -5
        return Negation(operand)

    def literal(self, children: list[Any]) -> Literal:
        return children[0]

    def literal_list(self, children: list[Any]) -> list[Literal]:
        return children

    def negative_number(self, children: list[Token]) -> Literal:
        return Literal(Decimal(children[0].value).copy_negate())

    def number(self, children: list[Token]) -> Literal:
        return Literal(Decimal(children[0].value))

    def string(self, children: list[Token]) -> Literal:
        return Literal(_unescape(children[0]))

    def true(self, _: list[Any]) -> Literal:
        return Literal(True)

    def false(self, _: list[Any]) -> Literal:
        return Literal(False)

    def null(self, _: list[Any]) -> Literal:
        return Literal(None)

    date = _temporal(parse_date, 'a date such as "2015-03-16"')
    time = _temporal(parse_time, 'a time such as "10:30:00" or "10:30:00+01:00"')
    date_and_time = _temporal(parse_date_and_time, 'a date and time such as "2015-03-16T10:30:00"')
    duration = _temporal(parse_duration, 'a duration such as "P42D", "PT10H" or "P1Y2M"')

    def name(self, children: list[Token]) -> Name:
        return Name(tuple(_SPACES.sub(" ", t.value) for t in children))


@functools.cache
def _lark() -> Lark:
    return Lark(
        _GRAMMAR.read_text(encoding="utf-8"),
        parser="lalr",
        start=_STARTS,
        transformer=_Builder(),
        maybe_placeholders=False,
    )


def _acceptable(text: str, pos: int, start: str, fallback: set[str]) -> set[str]:
    """The terminals that could have come at ``pos``, exactly.

    LALR reduces on a lookahead before it notices the lookahead is wrong, so the state at
    the error has already lost some choices (the comma after ``not(1``).  Feeding the
    text before ``pos`` again and asking which terminals the parser accepts there is
    exact; errors are rare, so the second parse costs nothing that matters.
    """
    try:
        interactive = _lark().parse_interactive(text[:pos], start=start)
        interactive.exhaust_lexer()
        return set(interactive.accepts()) or fallback
    except Exception:
        return fallback


def _error(text: str, start: str, exc: UnexpectedInput) -> FeelSyntaxError:
    if isinstance(exc, UnexpectedToken):
        fallback = set(exc.expected)
        if exc.token.type == "$END":
            pos, found = len(text), "end of text"
        else:
            pos, found = exc.token.start_pos or 0, describe_found(exc.token.value)
    elif isinstance(exc, UnexpectedCharacters):
        fallback, pos = set(exc.allowed or ()), exc.pos_in_stream or 0
        found = describe_found(text[pos], unexpected_character=True)
    else:  # pragma: no cover - the LALR frontend raises only the two above
        fallback, pos, found = set(), 0, "this"
    expected = _acceptable(text, pos, start, fallback)
    return FeelSyntaxError(text, pos + 1, describe_expected(expected, start), found)


@functools.lru_cache(maxsize=16384)
def _parse(text: str, start: str) -> Any:
    try:
        return _lark().parse(text, start=start)
    except UnexpectedInput as exc:
        raise _error(text, start, exc) from None
    except _BadLiteral as exc:
        raise FeelSyntaxError(text, exc.pos + 1, exc.expected, exc.found) from None


def _check_depth(text: str, tree: Expression) -> None:
    """Refuse absurd nesting, which would overflow the recursive printer and evaluator."""
    stack: list[tuple[Expression, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise FeelSyntaxError(
                text, 1, f"an expression nested at most {_MAX_DEPTH} levels deep",
                "deeper nesting",
            )
        for child in (getattr(node, "operand", None), getattr(node, "left", None),
                      getattr(node, "right", None)):
            if child is not None:
                stack.append((child, depth + 1))


def _require_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"cell text must be a str, not {type(text).__name__}")
    return text


def parse_unary_tests(text: str) -> UnaryTests:
    """An input cell: ``-``, ``< 6``, ``[3..6]``, ``"a","b"``, ``not(...)``, ``null``..."""
    return _parse(_require_text(text), "unary_tests")


def parse_expression(text: str) -> Expression:
    """An output cell: a literal, a name, arithmetic, or a comparison."""
    tree: Expression = _parse(_require_text(text), "expression")
    _check_depth(text, tree)
    return tree


def parse_literal(text: str) -> Any:
    """One literal (``6``, ``-2.5``, ``"a"``, ``true``, ``null``, ``date("...")``) as a value."""
    return _parse(_require_text(text), "literal").value


def parse_literal_list(text: str) -> list[Any]:
    """Literals separated by commas (``"initial","extension"``) as a list of values."""
    return [item.value for item in _parse(_require_text(text), "literal_list")]
