"""Hostile case files, each with the one line it must be refused with (docs/limits-cases.md).

An entry is the file's content (text, raw bytes, or a function that makes the file) and
the error line after the file name: ``field <path>: ...`` for a field, ``: ...`` for the
file as a whole.  ``tests/hostile/test_hostile_cases.py`` checks every entry through
``load_case`` and through ``imr decide``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.datafiles import MAX_BYTES
from tests.cases.conftest import MINIMAL

Content = str | bytes | Callable[[Path], None]


@dataclass(frozen=True)
class Hostile:
    """A bad case file and the error that names it: ``<file>, <error>`` or ``<file>: <error>``."""

    name: str
    content: Content
    error: str
    suffix: str = ".yaml"

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}{self.suffix}"
        if callable(self.content):
            self.content(path)
        elif isinstance(self.content, bytes):
            path.write_bytes(self.content)
        else:
            path.write_text(self.content, encoding="utf-8")
        return path


def _item(line: str) -> str:
    """MINIMAL with a line added to its disputed item (before ``topic``)."""
    return MINIMAL.replace("    topic:", f"    {line}\n    topic:")


def _swap(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new)


def _ten_megabytes(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: the size is there, the disk blocks are not
        handle.truncate(10 * 1024 * 1024)


def _a_pipe(path: Path) -> None:
    os.mkfifo(path)  # opening it to read would block until a writer came


# "Billion laughs": nine levels of nine aliases each, 9**9 strings once expanded.
ALIAS_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)

JSON_CASE = (
    '{"case": "J-1", "dates": {"injury": "2014-06-02", "ur_decision": "2015-03-02",'
    ' "imr_application": "2015-03-20"}, "claimant": {"age": 40, "sex": "female"},'
    ' "diagnoses": ["x"], "clinical_summary": "y",'
    ' "items": [{"request": "12 visits", "topic": "chiropractic", "ur": {"decision": "denied"}}]}'
)


def _json(old: str, new: str) -> str:
    assert old in JSON_CASE, old
    return JSON_CASE.replace(old, new)


_ITEM_FIELDS = ("request, topic, body_region, quantity, per_week, weeks, ur, primary, facts, expected, "
                "expected_guideline, ref")
_CASE_FIELDS = ("case, priority, dates, claimant, diagnoses, mechanism, treatment_history, records, "
                "clinical_summary, facts, items")
_DIGITS = "expected a number of at most 15 digits"
_FINITE = "expected a finite number of at most 15 digits"
_NO_ALIASES = "YAML anchors and aliases are not allowed in a data file: expected each value written out"
_NO_TAGS = "not valid YAML data: expected plain values without YAML tags"
_CASE_NUMBER = "expected a case number of at most 64 letters, digits, '-', '_' and '.', such as CM15-0000001"
_DATE_RANGE = "expected a date from 1900-01-01 to 2099-12-31"

CORPUS: list[Hostile] = [
    # -- the file itself --
    Hostile("ten_megabytes", _ten_megabytes,
            f": the case file is too large: expected at most {MAX_BYTES} bytes (256 KiB), found 10485760 bytes"),
    Hostile("a_pipe", _a_pipe, ": the case file is not a regular file: expected a file, found a device or a pipe"),
    Hostile("empty", "", ": the case file must be a mapping: expected keys such as case, dates, claimant, items, "
            "found an empty file"),
    Hostile("nul_byte", MINIMAL.replace("Low back", "Low\0back").encode(),
            ": the case file is not a text file: found a NUL byte at byte 182 (line 8)"),
    Hostile("latin_1", b"case: caf\xe9\n", ": the case file is not UTF-8 text: found byte 9 (line 1)"),
    Hostile("control_character", MINIMAL.replace("Low back", "Low\x1b[2Jback"),
            ": the case file is not valid YAML: expected text without control characters, found character #x001b "
            "at line 8"),
    Hostile("unclosed", "case: [unclosed\n", ": the case file is not valid YAML at line 2, column 1: "
            "while parsing a flow sequence, expected ',' or ']', but got '<stream end>'"),
    Hostile("two_documents", MINIMAL + "---\ncase: CM15-0000100\n", ": the case file is not valid YAML at line 15, "
            "column 1: expected a single document in the stream, but found another document"),
    # -- YAML beyond plain data --
    Hostile("alias_bomb", ALIAS_BOMB, f", field a: {_NO_ALIASES}, found the anchor &a at line 1"),
    Hostile("alias", MINIMAL + "mechanism: *summary\n", f", field mechanism: {_NO_ALIASES}, found the alias *summary "
            "at line 15"),
    Hostile("merge_key", _swap("claimant: {age: 52, sex: male}", "claimant: {<<: {age: 52}, sex: male}"),
            ", field claimant: YAML merge keys are not allowed in a data file: expected each value written out, "
            "found << at line 6"),
    Hostile("python_object", _swap("case: CM15-0000099", "case: !!python/object/apply:os.system ['true']"),
            f", field case: {_NO_TAGS}, found the tag !!python/object/apply:os.system at line 1"),
    Hostile("python_name", _swap("clinical_summary: Low", "clinical_summary: !!python/name:os.system Low"),
            f", field clinical_summary: {_NO_TAGS}, found the tag !!python/name:os.system at line 8"),
    Hostile("binary", _swap("clinical_summary: Low back pain after lifting a pallet.", "clinical_summary: !!binary "
            "aGVsbG8="), f", field clinical_summary: {_NO_TAGS}, found the tag !!binary at line 8"),
    Hostile("set", _swap("diagnoses: [lumbar strain]", "diagnoses: !!set {lumbar strain}"),
            f", field diagnoses: {_NO_TAGS}, found the tag !!set at line 7"),
    Hostile("local_tag", _swap("claimant: {age: 52, sex: male}", "claimant: !foo {age: 52, sex: male}"),
            f", field claimant: {_NO_TAGS}, found the tag !foo at line 6"),
    Hostile("key_twice", _item("topic: acupuncture"),
            ", field items[0].topic: a key given twice: expected each key once, "
            "found 'topic' at line 12 and at line 11"),
    Hostile("top_key_twice", MINIMAL + "case: CM15-0000100\n",
            ", field case: a key given twice: expected each key once, found 'case' at line 15 and at line 1"),
    Hostile("nested_10000_deep", "diagnoses: " + "[" * 10_000 + "]" * 10_000 + "\n",
            ", field diagnoses" + "[0]" * 19 + ": nested too deeply: expected at most 20 levels, found more at line 1"),
    Hostile("unhashable_key", MINIMAL + "? [a, b]\n: c\n",
            ": the case file is not valid YAML at line 15, column 3: "
            "while constructing a mapping, found unhashable key"),
    # -- fields --
    Hostile("unknown_field", _swap("    topic:", "    topik:"),
            f", field items[0].topik: unknown field: expected one of {_ITEM_FIELDS}, found 'topik' "
            "(did you mean 'topic'?)"),
    Hostile("unknown_top_field", MINIMAL + "diagnosis: [x]\n",
            f", field diagnosis: unknown field: expected one of {_CASE_FIELDS}, found 'diagnosis' "
            "(did you mean 'diagnoses'?)"),
    Hostile("case_number_escapes", _swap("case: CM15-0000099", "case: ../x"),
            f", field case: {_CASE_NUMBER}, found '../x'"),
    Hostile("case_number_path", _swap("case: CM15-0000099", "case: /etc/passwd"),
            f", field case: {_CASE_NUMBER}, found '/etc/passwd'"),
    Hostile("case_number_dot", _swap("case: CM15-0000099", "case: .hidden"),
            f", field case: {_CASE_NUMBER}, found '.hidden'"),
    Hostile("case_number_line_break", _swap("case: CM15-0000099", 'case: "CM15\\nDear reviewer"'),
            f", field case: {_CASE_NUMBER}, found 'CM15\\nDear reviewer'"),
    # -- dates --
    Hostile("impossible_date", _swap("ur_decision: 2015-03-02", "ur_decision: 2015-02-30"),
            ", field dates.ur_decision: expected a date that exists, found '2015-02-30'"),
    Hostile("impossible_date_in_a_list", MINIMAL + "records:\n  - {kind: PR-2, date: 2015-02-29}\n",
            ", field records[0].date: expected a date that exists, found '2015-02-29'"),
    Hostile("date_far_ahead", _swap("imr_application: 2015-03-20", "imr_application: 3015-03-20"),
            f", field dates.imr_application: {_DATE_RANGE}, found 3015-03-20"),
    Hostile("date_before_1900", _swap("injury: 2014-06-02", "injury: 1850-06-02"),
            f", field dates.injury: {_DATE_RANGE}, found 1850-06-02"),
    Hostile("fact_date_far_ahead",
            _swap("      request.kind: extension", "      request.kind: extension\n      surgery_date: 3015-03-20"),
            f", field items[0].facts.surgery_date: {_DATE_RANGE}, found 3015-03-20"),
    Hostile("date_as_a_number", _swap("injury: 2014-06-02", "injury: 86400"),
            ", field dates.injury: expected a date such as 2015-03-16, found 86400"),
    # -- counts --
    Hostile("negative_quantity", _item("quantity: -4"),
            ", field items[0].quantity: expected a number 0 or more, found -4"),
    Hostile("negative_sessions", MINIMAL + "treatment_history:\n  - {treatment: PT, sessions: -2}\n",
            ", field treatment_history[0].sessions: expected a number 0 or more, found -2"),
    Hostile("negative_fact", MINIMAL + "      request.prior_sessions: -3\n",
            ", field items[0].facts.request.prior_sessions: expected a number of 0 or more, found -3"),
    Hostile("huge_count", _item("quantity: 1" + "0" * 400), f", field items[0].quantity: {_DIGITS}, found "
            "'1000000000000000000000000000000000000...'"),
    Hostile("count_over_the_limit", _item("quantity: 10001"),
            ", field items[0].quantity: expected a number 10000 or less, found 10001"),
    Hostile("fractional_count", _item("quantity: 6.5"),
            ", field items[0].quantity: expected a whole number, found 6.5"),
    Hostile("yes_as_a_count", MINIMAL + "treatment_history:\n  - {treatment: PT, sessions: yes}\n",
            ", field treatment_history[0].sessions: expected a whole number, found True"),
    Hostile("nan_rate", _item("per_week: .nan"), f", field items[0].per_week: {_FINITE}, found '.nan'"),
    Hostile("infinite_fact", MINIMAL + "      request.quantity: .inf\n",
            f", field items[0].facts.request.quantity: {_FINITE}, found '.inf'"),
    Hostile("overflowing_float", _item("weeks: 1.0e+400"), f", field items[0].weeks: {_FINITE}, found '1.0e+400'"),
    # -- JSON --
    Hostile("json_nan", _json('"age": 40', '"age": NaN'), f", field claimant.age: {_FINITE}, found NaN", ".json"),
    Hostile("json_infinity", _json('"12 visits", ', '"12 visits", "weeks": -Infinity, '),
            f", field items[0].weeks: {_FINITE}, found -Infinity", ".json"),
    Hostile("json_huge_integer", _json('"age": 40', '"age": 1' + "0" * 5000),
            f", field claimant.age: {_DIGITS}, found '1000000000000000000000000000000000000...'", ".json"),
    Hostile("json_key_twice", _json('"age": 40', '"age": 40, "age": 41'),
            ", field claimant.age: a key given twice: expected each key once, found 'age'", ".json"),
    Hostile("json_nested_100000_deep", _json('"diagnoses": ["x"]', '"diagnoses": ' + "[" * 100_000 + "]" * 100_000),
            ": nested too deeply: expected at most 20 levels, found more at line 1", ".json"),
    Hostile("json_truncated", JSON_CASE[:40], ": the case file is not valid JSON at line 1, column 37: "
            "Unterminated string starting at", ".json"),
]
