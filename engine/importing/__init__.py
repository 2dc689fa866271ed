"""Case abstracts (one JSON record per disputed item) -> case files (``docs/import.md``).

- ``abstracts``: the record model and reading the file, a record at a time;
- ``convert``: the rules and value converters;
- ``keymap``: abstract key -> fact or field, one module per topic;
- ``writer``: the YAML case file, with the reviewer's comments;
- ``importer``: the import run (grouping the records by case) and its report;
- ``case_builder``: building one case from its records (the keys mapped), checking and writing it;
- ``drafts``: the case and items being built; ``table_facts``: the loaded tables' facts;
- ``item_data``: an item's written data (UR, quantities, facts) settled from its keys;
- ``surgery_link``: items serving the case's surgery, linked to it (``primary``);
- ``case_validation``: dates, fields the case model refuses, UR approvals: left out and recorded;
- ``comments``: the header and item comments of a case file.

The door of ``imr import``: ``import_abstracts`` (the run) and ``summary_lines`` (its
report), loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ImportReport": "engine.importing.importer",
    "import_abstracts": "engine.importing.importer",
    "summary_lines": "engine.importing.importer",
}
__all__ = ["ImportReport", "import_abstracts", "summary_lines"]

if TYPE_CHECKING:
    from engine.importing.importer import ImportReport, import_abstracts, summary_lines


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine.importing' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
