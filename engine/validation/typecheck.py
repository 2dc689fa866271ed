"""Cells against the Facts glossary: names, types, allowed values, hit-policy needs.

The glossary is the union of every loaded workbook's Facts sheet.  For each table:

- every column, every name inside a cell or an output, is a known fact (``unknown-fact``,
  with a did-you-mean);
- a test's literals have the type of the column's fact, a name compared with the column
  names a fact of that type, booleans are not compared with ``<`` or intervals (``type``);
- equality tests and outputs stay within the fact's allowed values, and outputs within
  the column's output values (``allowed-value``);
- PRIORITY and OUTPUT ORDER have output values; an aggregation has one output column, of
  numbers for C+ and of ordered values for C< and C> (``hit-policy``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from engine.errors import did_you_mean
from engine.feel import Arithmetic, EqualTest, Expression, IntervalTest, Literal, Name, Negation
from engine.feel import values as feel_values
from engine.feel.ast import Relation, UnaryTests
from engine.model import Aggregation, DecisionTable, FactDef, FactType, HitPolicy, OutputEntry
from engine.validation.domains import allowed_of_type, expected_kind, literal
from engine.validation.findings import Finding, Severity, at

_ARTICLE = {"number": "a number", "string": "a text", "boolean": "a boolean", "date": "a date",
            "time": "a time", "date and time": "a date and time", "null": "null", "list": "a list",
            "years and months duration": "a years and months duration",
            "days and time duration": "a days and time duration", "context": "a context"}
_ORDERED_KINDS = frozenset({"number", "string", "date", "time", "date and time",
                            "years and months duration", "days and time duration"})


_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
         "hundred": 100}


def number_word(word: str) -> int | None:
    """``six`` -> 6, ``twenty`` -> 20; None for any other word."""
    lowered = word.strip().lower()
    if lowered in _WORDS:
        return _WORDS.index(lowered)
    return _TENS.get(lowered)


def number_fix(word: str) -> str:
    """How to write a word met where a number belongs: ``write 6`` for six, else a number or a known fact."""
    number = number_word(word)
    return f"write {number}" if number is not None else (
        f"write a number (or the name of a number fact) instead of {word!r}")


def describe_fact(fact: FactDef) -> str:
    kind = f"list of {fact.type.value}" if fact.is_list else fact.type.value
    return f"{fact.name!r} ({kind})"


class _Checker:
    def __init__(self, table: DecisionTable, glossary: Mapping[str, FactDef]) -> None:
        self.table = table
        self.glossary = glossary
        self.findings: list[Finding] = []

    def add(self, check: str, message: str, address: str, severity: Severity = Severity.ERROR) -> None:
        self.findings.append(at(check, severity, message, self.table.workbook, address))

    def fact(self, name: str, address: str, what: str) -> FactDef | None:
        found = self.glossary.get(name)
        if found is None:
            hint = did_you_mean(name, self.glossary)
            self.add("unknown-fact", f"unknown fact {name!r} in {what}" + (f" ({hint})" if hint else ""), address)
        return found

    # --- inputs ------------------------------------------------------------------------

    def inputs(self) -> None:
        for c, column in enumerate(self.table.inputs):
            fact = self.fact(column.fact, column.address, "an input column")
            if column.input_values is not None and fact is not None:
                self.tests(column.input_values, fact, column.address, column.input_values)
            for rule in self.table.rules:
                entry = rule.inputs[c]
                if fact is None:
                    for name in entry.tests.names():
                        self.fact(name, entry.address, "a test")
                else:
                    self.tests(entry.tests, fact, entry.address, entry.text)

    def tests(self, tests: UnaryTests, fact: FactDef, address: str, text: Any) -> None:
        want = expected_kind(fact)
        for test in tests.tests:
            ends = (test.low, test.high) if isinstance(test, IntervalTest) else (test.endpoint,)
            if fact.type is FactType.BOOLEAN and not isinstance(test, EqualTest):
                self.add("type", f"{text}: booleans are not ordered, so {describe_fact(fact)} never matches "
                         "a comparison or an interval; write true or false", address)
                continue
            for end in ends:
                if isinstance(end, Name) and want == "number" and end.dotted not in self.glossary \
                        and number_word(end.dotted) is not None and not did_you_mean(end.dotted, self.glossary):
                    self.add("type", f"{text}: not a number: {number_fix(end.dotted)}", address)
                    continue
                if isinstance(end, Name):
                    named = self.fact(end.dotted, address, "a test")
                    theirs = expected_kind(named) if named is not None else None
                    if named is not None and want and theirs and theirs != want:
                        self.add("type", f"{text}: compares {describe_fact(fact)} with "
                                 f"{describe_fact(named)}, which never match", address)
                    continue
                value = end.value
                if value is None or want is None:
                    continue
                kind = feel_values.kind(value)
                if kind != want and want == "number" and isinstance(value, str) and number_word(value) is not None:
                    self.add("type", f"{text}: not a number: {number_fix(value)}", address)
                elif kind != want:
                    self.add("type", f"{text}: compares {describe_fact(fact)} with {_ARTICLE.get(kind, kind)} "
                             f"({literal(value)}), which never matches", address)
                elif isinstance(test, EqualTest) and (allowed := allowed_of_type(fact)) and not _within(value, allowed):
                    self.add("allowed-value", _outside(value, allowed, f"the allowed values of "
                             f"{fact.name!r}"), address)

    # --- outputs -----------------------------------------------------------------------

    def outputs(self) -> None:
        table = self.table
        for o, column in enumerate(table.outputs):
            fact = self.fact(column.fact, column.address, "an output column")
            if fact is None:
                for rule in table.rules:
                    self.expression_names(rule.outputs[o])
                continue
            for value in column.output_values or ():
                self.value(value, fact, column.address, "output value", None)
            entries = [rule.outputs[o] for rule in table.rules]
            if column.default is not None:
                entries.append(column.default)
            for entry in entries:
                self.expression_names(entry)
                self.output(entry, fact, column.output_values)

    def expression_names(self, entry: OutputEntry) -> None:
        for name in entry.expression.names():
            self.fact(name, entry.address, "an output")

    def output(self, entry: OutputEntry, fact: FactDef, output_values: tuple[Any, ...] | None) -> None:
        expression = entry.expression
        if isinstance(expression, Literal):
            self.value(expression.value, fact, entry.address, "output", output_values)
            return
        kind = infer_kind(expression, self.glossary)
        want = expected_kind(fact)
        if kind and want and kind != want and not fact.is_list:
            self.add("type", f"{entry.text}: gives {_ARTICLE.get(kind, kind)} for {describe_fact(fact)}",
                     entry.address)

    def value(self, value: Any, fact: FactDef, address: str, what: str, output_values: Any) -> None:
        if value is None:
            return
        want = expected_kind(fact)
        kind = feel_values.kind(value)
        if want and kind != want and not (fact.is_list and kind == "list"):
            self.add("type", f"{what} {literal(value)} is {_ARTICLE.get(kind, kind)}, but {describe_fact(fact)} "
                     f"holds {_ARTICLE.get(want, want)}", address)
        elif (allowed := allowed_of_type(fact)) and not _within(value, allowed):
            self.add("allowed-value", _outside(value, allowed, f"the allowed values of {fact.name!r}"),
                     address)
        elif output_values and not _within(value, output_values):
            self.add("allowed-value", _outside(value, output_values, "the column's output values"), address)

    # --- hit policy --------------------------------------------------------------------

    def hit_policy(self) -> None:
        table = self.table
        if table.hit_policy in (HitPolicy.PRIORITY, HitPolicy.OUTPUT_ORDER):
            for column in table.outputs:
                if not column.output_values:
                    self.add("hit-policy", f"{table.hit_policy.value} ranks rows by their outputs, but output "
                             f"{column.fact!r} has no output values: list them in priority order in the "
                             "'Output values' row", column.address)
        if table.aggregation is None:
            return
        if len(table.outputs) != 1:
            self.add("hit-policy", f"{table.policy_code} aggregates one output column, found {len(table.outputs)}",
                     table.address)
            return
        fact = self.glossary.get(table.outputs[0].fact)
        kind = expected_kind(fact) if fact is not None else None
        if fact is None or kind is None:
            return
        if table.aggregation is Aggregation.SUM and kind != "number":
            self.add("hit-policy", f"C+ sums numbers, but {describe_fact(fact)} is not a number",
                     table.outputs[0].address)
        if table.aggregation in (Aggregation.MIN, Aggregation.MAX) and kind not in _ORDERED_KINDS:
            self.add("hit-policy", f"{table.policy_code} needs ordered values, but {describe_fact(fact)} "
                     "has no order", table.outputs[0].address)


def check_glossary(facts: Mapping[str, FactDef], file: str) -> list[Finding]:
    """A workbook's Facts: allowed values of the fact's own type."""
    findings = []
    for fact in facts.values():
        want = expected_kind(fact)
        for value in fact.allowed_values or ():
            kind = feel_values.kind(value)
            if want is not None and kind != want:
                findings.append(at("type", Severity.ERROR, f"allowed value {literal(value)} of {describe_fact(fact)} "
                                   f"is {_ARTICLE.get(kind, kind)}", file, fact.address))
                break
    return findings


def check_table_types(table: DecisionTable, glossary: Mapping[str, FactDef]) -> list[Finding]:
    """Names, types, allowed values and hit-policy prerequisites of one table."""
    checker = _Checker(table, glossary)
    checker.inputs()
    checker.outputs()
    checker.hit_policy()
    return checker.findings


def infer_kind(expression: Expression, glossary: Mapping[str, FactDef]) -> str | None:
    """The FEEL type an output expression gives, where it is plain (else None)."""
    if isinstance(expression, Literal):
        return feel_values.kind(expression.value) if expression.value is not None else None
    if isinstance(expression, Name):
        fact = glossary.get(expression.dotted)
        return expected_kind(fact) if fact is not None and not fact.is_list else None
    if isinstance(expression, Negation):
        return infer_kind(expression.operand, glossary)
    if isinstance(expression, Arithmetic):
        left, right = infer_kind(expression.left, glossary), infer_kind(expression.right, glossary)
        return "number" if left == right == "number" else None
    if isinstance(expression, Relation):
        return "boolean"
    return None


def _within(value: Any, allowed: Iterable[Any]) -> bool:
    return any(feel_values.equal(value, a) is True for a in allowed)


def _outside(value: Any, allowed: Sequence[Any], where: str) -> str:
    strings = [a for a in allowed if isinstance(a, str)]
    hint = did_you_mean(value, strings) if isinstance(value, str) else None
    listed = ", ".join(literal(a) for a in allowed)
    return f"{literal(value)} is not one of {where} ({listed})" + (f"; {hint}" if hint else "")

