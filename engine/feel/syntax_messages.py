"""Words for syntax errors: what the parser expected, and what it found instead.

The parser knows the terminals it could have accepted (``NUMBER``, ``ORDER_OP``...); a
clinician writing a cell needs phrases such as ``a comparison such as >= 6``.
"""

from __future__ import annotations

from collections.abc import Collection

_MOST = 5  # phrases listed; more would not fit an error line

_TEMPORAL = {"DATE_OPEN", "TIME_OPEN", "DATE_TIME_OPEN", "DURATION_OPEN"}
_BRACKETS = {"_LSQB", "_LPAR", "_RSQB"}
_OPERATORS = {"_PLUS", "_STAR", "_SLASH", "_POW"}


def describe_expected(terminals: Collection[str], start: str) -> str:
    """The expected terminals of a parser state as a phrase list, likeliest first."""
    t = set(terminals)
    phrases: list[str] = []
    at_test = "ORDER_OP" in t  # the start of a positive unary test
    at_operand = "NUMBER" in t

    def add(condition: bool, phrase: str) -> None:
        if condition and phrase not in phrases:
            phrases.append(phrase)

    add("NUMBER" in t, "a number")
    add("STRING" in t, 'a "string"')
    add(at_test, "a comparison such as >= 6")
    add(at_test and bool(t & _BRACKETS), "an interval such as [3..6]")
    add("NOT_OPEN" in t and "_MINUS" in t, "-")  # only a whole cell can be "-"
    add("NAME" in t, "a fact name")
    add("TRUE" in t or "FALSE" in t, "true or false")
    add(bool(t & _TEMPORAL), 'a date, time or duration such as date("2015-03-16")')
    add("NULL" in t, "null")
    add("NOT_OPEN" in t, "not(...)")
    add(start != "unary_tests" and at_operand and "_MINUS" in t, "a minus sign")
    add(start == "expression" and at_operand and "_LPAR" in t, "an opening parenthesis (")
    add("_RANGE" in t, "..")
    add(not at_test and "_RSQB" in t and "_RPAR" in t, "a closing bracket ] or )")
    add(bool(t & _OPERATORS) and not at_operand, "an operator such as + or *")
    add("RELATION_OP" in t, "a comparison such as = or <")
    add("_COMMA" in t, "a comma")
    add(not at_test and "_RPAR" in t and "_RSQB" not in t, "a closing parenthesis )")
    add("$END" in t, "end of text")
    if not phrases:
        return "valid S-FEEL"
    phrases = phrases[:_MOST]
    if len(phrases) == 1:
        return phrases[0]
    if len(phrases) == 2:
        return f"{phrases[0]} or {phrases[1]}"
    return ", ".join(phrases[:-1]) + ", or " + phrases[-1]


def describe_found(token_text: str, *, unexpected_character: bool = False) -> str:
    """The offending token, quoted and shortened."""
    if unexpected_character and token_text == '"':
        return 'a " that opens a string never closed'
    if token_text.isspace():
        return f"the white space {token_text!r}"
    shown = token_text if len(token_text) <= 20 else token_text[:19] + "…"
    return f"'{shown}'"
