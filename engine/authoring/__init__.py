"""Authoring workbooks (docs/authoring.md): the door of the ``imr tables`` commands.

``spec`` + ``writer``: build a workbook from a spec (tests, fixtures); ``scaffold`` (with
``guidance``, ``topic_template``): the ready-to-fill workbook of ``imr tables new``;
``canonical``: the text of ``imr tables show`` and the git textconv driver; ``diff`` (with
``rowmatch``, ``coverage``, ``outcomes``, ``compare``, ``diff_text``): ``imr tables diff``;
``graph``: ``imr tables graph``; ``html_view``: ``imr tables html``; ``sources``: a file or
``REV:path`` in git; ``policy_words``: hit policies in words.  The pytest plugin that runs
Tests rows is ``engine.pytest_plugin``.

Names load on first use, so that the hit policies in words do not load openpyxl.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    # a workbook from a spec
    "Cell": "engine.authoring.spec",
    "FactSpec": "engine.authoring.spec",
    "GuidelineSpec": "engine.authoring.spec",
    "RuleSpec": "engine.authoring.spec",
    "TableSpec": "engine.authoring.spec",
    "TestSpec": "engine.authoring.spec",
    "WorkbookSpec": "engine.authoring.spec",
    "write_workbook": "engine.authoring.writer",
    # imr tables new
    "check_name": "engine.authoring.scaffold",
    "check_scaffold": "engine.authoring.scaffold",
    "find_conventions": "engine.authoring.scaffold",
    "write_scaffold": "engine.authoring.scaffold",
    "topic_spec": "engine.authoring.topic_template",
    # imr tables show, diff, graph, html
    "raw_text": "engine.authoring.canonical",
    "show_workbook": "engine.authoring.canonical",
    "compare_workbooks": "engine.authoring.compare",
    "render_diff": "engine.authoring.diff_text",
    "chain_graph": "engine.authoring.graph",
    "dot_source": "engine.authoring.graph",
    "read_workbooks": "engine.authoring.graph",
    "render_svg": "engine.authoring.graph",
    "workbook_html": "engine.authoring.html_view",
    "workbook_file": "engine.authoring.sources",
    "hit_policy_words": "engine.authoring.policy_words",
}

__all__ = [
    "Cell",
    "FactSpec",
    "GuidelineSpec",
    "RuleSpec",
    "TableSpec",
    "TestSpec",
    "WorkbookSpec",
    "chain_graph",
    "check_name",
    "check_scaffold",
    "compare_workbooks",
    "dot_source",
    "find_conventions",
    "hit_policy_words",
    "raw_text",
    "read_workbooks",
    "render_diff",
    "render_svg",
    "show_workbook",
    "topic_spec",
    "workbook_file",
    "workbook_html",
    "write_scaffold",
    "write_workbook",
]

if TYPE_CHECKING:
    from engine.authoring.canonical import raw_text, show_workbook
    from engine.authoring.compare import compare_workbooks
    from engine.authoring.diff_text import render_diff
    from engine.authoring.graph import chain_graph, dot_source, read_workbooks, render_svg
    from engine.authoring.html_view import workbook_html
    from engine.authoring.policy_words import hit_policy_words
    from engine.authoring.scaffold import check_name, check_scaffold, find_conventions, write_scaffold
    from engine.authoring.sources import workbook_file
    from engine.authoring.spec import (
        Cell,
        FactSpec,
        GuidelineSpec,
        RuleSpec,
        TableSpec,
        TestSpec,
        WorkbookSpec,
    )
    from engine.authoring.topic_template import topic_spec
    from engine.authoring.writer import write_workbook


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine.authoring' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
