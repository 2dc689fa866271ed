"""What a new workbook tells its author in cell comments and input messages.

One place for the wording, so that ``imr tables new`` and docs/tables.md say the same.
Excel shows an input message of at most 255 characters; comments have no such limit.
"""

from __future__ import annotations

from engine.model import FactType

AUTHOR = "imr tables new"

HIT_POLICIES = (
    "UNIQUE", "FIRST", "PRIORITY", "ANY", "RULE ORDER", "OUTPUT ORDER", "COLLECT",
    "COLLECT SUM", "COLLECT COUNT", "COLLECT MIN", "COLLECT MAX",
)
FACT_TYPES = tuple(t.value for t in FactType)
ABSENCE_RULES = ("taken as false", "taken as true", "taken as 0", "taken as null", "must be documented")

GUIDELINE = {
    "id": "The guideline's id: editions of one guideline share it (mtus-acupuncture).",
    "title": "The guideline's title as it is cited.",
    "citation": "Where the guideline is published: 8 CCR 9792.24.1.",
    "edition": "The edition this workbook encodes (2007). Editions of one id must not overlap in time.",
    "effective from": "First day this edition applies (a date, 2016-07-28). Blank: from the start.",
    "effective to": "Last day this edition applies. Blank: still in effect.",
    "owner": "Who maintains this workbook.",
}

FACTS = {
    "name": "The fact's name as tables and cases write it: words of letters, digits and _, "
    "parts joined by dots (knee.sessions_requested).",
    "type": "number, integer, text, boolean, date, time, date and time, days and time duration, "
    "years and months duration, enumeration or any; 'list of ' before any of them for a list.",
    "allowed values": 'Required for an enumeration: literals separated by commas, "initial","extension". '
    "Output values are listed in priority order.",
    "unit": "Optional: sessions, mg MED/day, days.",
    "description": "What the fact means, for authors and reviewers.",
    "question": "What a reviewer is asked when the records do not document the fact.",
    "when not documented": "The fact's absence rule, deciding on the record: taken as <literal> (taken as "
    'false, taken as 0, taken as "none", taken as null) or must be documented (the reviewer is asked the '
    "question). Blank for a fact a table writes.",
    "absence basis": "Why: the guideline (section and page) or the letters' practice behind the absence rule.",
}
SHARED_FACTS = (
    "Only this topic's own facts go here. The facts every topic shares (request.screen, request.course, "
    "request.quantity, request.total_sessions, request.functional_improvement, injury.phase ...) come from "
    "tables/imr_conventions.xlsx (docs/content.md): read them in the tables, never copy them."
)

TABLE_HEADER = {
    "Decision table": "The table's name (column B): unique across every workbook of the folder.",
    "Hit policy": "Which matching rules give the result: FIRST (the first in order), UNIQUE (at most one "
    "may match), PRIORITY (by the output values' order), ANY (all that match agree), RULE ORDER / "
    "COLLECT (every match, as a list); COLLECT SUM, COUNT, MIN, MAX aggregate. Letters work too: F, U, P, A, "
    "R, O, C, C+, C#, C<, C>.",
    "Description": "What the table decides and which guideline sections it encodes.",
}

COLUMNS = {
    "#": "Rule numbers (optional; checked to be in sequence). Each row below the header is one rule; "
    "blank rows are skipped.",
    "Input": "An input column: row 6 names the fact it reads. Merge this cell over several columns "
    "or repeat it per column.",
    "Output": "An output column: row 6 names the fact the table writes (it must be in a Facts glossary).",
    "Citation": "The guideline section a rule applies; printed with the determination.",
    "Rationale": "Why the rule decides so, in words for the letter; {fact name} is replaced by the "
    "case's value.",
    "Annotation": "Notes for authors (open questions, sources); the engine ignores them.",
}

LABELS = {
    "Output values": "Optional. Under an output: its values in priority order (for PRIORITY and "
    "OUTPUT ORDER). Under an input: the values the column accepts.",
    "Default": "Optional. Under an output: the value when no rule matches.",
}

INPUT_CELL = (
    "An input cell is an S-FEEL unary test:\n"
    "-  any value (also not documented)\n"
    '"initial"  equal (quotes optional in text columns)\n'
    "< 6, <= 6, > 6, >= 6  compared\n"
    "[1..6]  from 1 to 6; (1..6] or ]1..6] leaves 1 out, [1..6) leaves 6 out\n"
    '"lumbar","cervical"  any of them\n'
    'not("lumbar")  none of them\n'
    "null  documented as null\n"
    "> prior_sessions  compared with another fact\n"
    'Dates: date("2016-07-28"); durations: duration("P42D"), duration("P1M").'
)
OUTPUT_CELL = 'An output cell is the value written: "Overturned", true, 6 (quotes optional for text).'
INPUT_PROMPT = "S-FEEL test: - (any), 6, < 6, >= 6, [1..6], (0..3], \"a\",\"b\", not(\"a\"), null, > other_fact"
OUTPUT_PROMPT = "The value written: a literal such as \"Overturned\", true, 6."

TESTS = {
    "#": "The test's id (T1); pytest tables/ names the item <workbook>::<id>.",
    "As of": "The date the case is decided on: which guideline editions apply. Blank: today.",
    "Input": "A fact given to the tables (row 2 names it). Blank: not documented; null: documented as null.",
    "Expected": "A fact's value after every table has run (row 2 names it). Blank: not checked; "
    "null: no value. A list: comma-separated literals.",
    "Expected error": "Text that must occur in the error, e.g. UNIQUE for a hit-policy violation.",
    "Description": "What the example shows.",
}
