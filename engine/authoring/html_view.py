"""One workbook as a single HTML page for clinicians: the guideline, the facts, every table with its
rows (cells, citations, rationales, notes) and the worked examples of the Tests sheet.

Every cell is data: each string from the workbook goes through ``html.escape`` (quotes too,
so it is safe in an attribute), no template engine reads it, and the page carries no
script and a Content-Security-Policy that allows none, so a cell holding ``<script>`` or
``{{ ... }}`` shows as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from engine.authoring.policy_words import hit_policy_words
from engine.feel.values import to_feel_literal
from engine.model import DecisionTable, FactDef, Workbook, WorkbookTest

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 90em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } td.any { color: #888; } td.out { background: #f7fbf3; }
.muted { color: #666; } .note { font-style: italic; color: #555; } code { font-size: 0.95em; }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def text(value: Any) -> str:
    """Any value as escaped HTML text: a workbook's string, a number, a date, a list."""
    if value is None:
        return ""
    return escape(value if isinstance(value, str) else to_feel_literal(value), quote=True)


def anchor(name: str) -> str:
    """An element id from a table name (escaped: it is the workbook's text)."""
    return "table-" + escape(name.replace(" ", "_"), quote=True)


def workbook_html(workbook: Workbook) -> str:
    """The page, as text."""
    guideline = workbook.guideline
    title = f"{guideline.title} ({Path(workbook.path).name})"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f"<title>{text(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{text(guideline.title)}</h1>",
        _guideline(workbook),
        _contents(workbook.tables),
        _facts(workbook.facts.values()),
        *(_table(table, workbook.facts) for table in workbook.tables),
        _tests(workbook.tests),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _guideline(workbook: Workbook) -> str:
    guideline = workbook.guideline

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value is not None else "open"

    rows = [("Workbook", Path(workbook.path).name), ("Guideline", guideline.id), ("Edition", guideline.edition),
            ("Citation", guideline.citation),
            ("In effect", f"from {day(guideline.effective_from)} to {day(guideline.effective_to)}")]
    if guideline.owner:
        rows.append(("Owner", guideline.owner))
    body = "".join(f"<tr><th>{text(k)}</th><td>{text(v)}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"


def _contents(tables: Iterable[DecisionTable]) -> str:
    items = "".join(f'<li><a href="#{anchor(t.name)}">{text(t.name)}</a> <span class="muted">edition '
                    f"{text(t.edition)}, {text(hit_policy_words(t.policy_code))}</span></li>" for t in tables)
    return f'<p>Tables:</p><ul>{items}</ul><p><a href="#facts">Facts</a> · <a href="#tests">Worked examples</a></p>'


def _facts(facts: Iterable[FactDef]) -> str:
    rows = []
    for fact in facts:
        kind = f"list of {fact.type.value}" if fact.is_list else fact.type.value
        if fact.unit:
            kind += f" ({fact.unit})"
        allowed = ", ".join(text(v) for v in fact.allowed_values) if fact.allowed_values else ""
        absence = fact.absence.text if fact.absence is not None else ""
        rows.append(f"<tr><td><code>{text(fact.name)}</code></td><td>{text(fact.question)}</td>"
                    f"<td>{text(fact.description)}</td><td>{text(kind)}</td><td>{allowed}</td>"
                    f"<td>{text(absence)}</td></tr>")
    head = ("<tr><th>fact</th><th>question to the records</th><th>what it means</th><th>type</th>"
            "<th>allowed values</th><th>when the records do not document it</th></tr>")
    return f'<h2 id="facts">Facts</h2><table>{head}{"".join(rows)}</table>'


def _table(table: DecisionTable, facts: dict[str, FactDef]) -> str:
    def column(fact: str, arrow: str = "") -> str:
        question = facts[fact].question if fact in facts else None
        hint = f' title="{text(question)}"' if question else ""
        return f"<th{hint}>{arrow}<code>{text(fact)}</code></th>"

    head = ("<tr><th>rule</th>" + "".join(column(c.fact) for c in table.inputs)
            + "".join(column(c.fact, "→ ") for c in table.outputs)
            + "<th>citation</th><th>rationale</th><th>note</th></tr>")
    rows = []
    for rule in table.rules:
        cells = "".join('<td class="any">any</td>' if e.text.strip() == "-" else f"<td>{text(e.text)}</td>"
                        for e in rule.inputs)
        outputs = "".join(f'<td class="out">{text(e.text)}</td>' for e in rule.outputs)
        rows.append(f"<tr><td>{rule.number}</td>{cells}{outputs}<td>{text(rule.citation)}</td>"
                    f"<td>{text(rule.rationale)}</td><td class=\"note\">{text(rule.annotation)}</td></tr>")
    defaults = [f"<code>{text(c.fact)}</code> = {text(c.default.text)}" for c in table.outputs if c.default]
    about = [f"<p>{text(table.description)}</p>" if table.description else "",
             f"<p>How the rows combine: <b>{text(hit_policy_words(table.policy_code))}</b> "
             f'<span class="muted">(hit policy {text(table.policy_code)}; edition {text(table.edition)}; '
             f"sheet {text(table.sheet)})</span></p>",
             f"<p>When no row matches: {', '.join(defaults)}</p>" if defaults else ""]
    return (f'<h2 id="{anchor(table.name)}">{text(table.name)}</h2>{"".join(about)}'
            f"<table>{head}{''.join(rows)}</table>")


def _tests(tests: Iterable[WorkbookTest]) -> str:
    rows = []
    for test in tests:
        given = "<br>".join(f"<code>{text(k)}</code> = {text(v)}" for k, v in test.inputs.items())
        expected = "<br>".join(f"<code>{text(k)}</code> = {text(v)}" for k, v in test.expected.items())
        if test.expected_error:
            expected = (expected + "<br>" if expected else "") + f"an error: {text(test.expected_error)}"
        as_of = test.as_of.isoformat() if test.as_of else ""
        rows.append(f"<tr><td>{text(test.id)}</td><td>{text(as_of)}</td><td>{given}</td><td>{expected}</td>"
                    f"<td>{text(test.description)}</td></tr>")
    head = "<tr><th>example</th><th>as of</th><th>given</th><th>expected</th><th>what it shows</th></tr>"
    body = f"<table>{head}{''.join(rows)}</table>" if rows else "<p>This workbook has no worked examples.</p>"
    return f'<h2 id="tests">Worked examples (Tests sheet)</h2>{body}'
