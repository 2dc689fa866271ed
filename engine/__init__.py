"""The headless core: workbooks in, decisions and traces out.

Data flows one way: workbook -> ``reader`` -> ``model`` -> ``compiler`` -> rule network
(``rete``, on durable-rules) -> ``runtime`` (evaluation and trace).  Nothing here
imports a user interface.

The public names below load on first use, so that ``import engine.feel`` (or the
reader alone) does not start the rule engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Rulebase": "engine.compiler.rulebase",
    "compile_rulebase": "engine.compiler.rulebase",
    "load_rulebase": "engine.compiler.rulebase",
    "evaluate": "engine.runtime.evaluate",
    "Evaluation": "engine.runtime.trace",
    "MissingFact": "engine.runtime.trace",
    "RowState": "engine.runtime.trace",
    "RowTrace": "engine.runtime.trace",
    "TableResult": "engine.runtime.trace",
    "CaseError": "engine.errors",
    "CompileError": "engine.errors",
    "EvaluationError": "engine.errors",
    "ImrError": "engine.errors",
    "WorkbookError": "engine.errors",
}

__all__ = [
    "CaseError", "CompileError", "Evaluation", "EvaluationError", "ImrError", "MissingFact",
    "RowState", "RowTrace", "Rulebase", "TableResult", "WorkbookError", "__version__",
    "compile_rulebase", "evaluate", "load_rulebase",
]

if TYPE_CHECKING:
    from engine.compiler.rulebase import Rulebase, compile_rulebase, load_rulebase
    from engine.errors import CaseError, CompileError, EvaluationError, ImrError, WorkbookError
    from engine.runtime.evaluate import evaluate
    from engine.runtime.trace import Evaluation, MissingFact, RowState, RowTrace, TableResult


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
