"""The headless core: workbooks in, decisions and traces out.

Data flows one way (docs/engine.md, "Layers"; tests/test_architecture.py holds it):
``errors`` <- ``feel`` / ``model`` / ``datafiles`` <- ``reader`` <- ``cache`` <- ``compiler``
(over ``rete``, durable-rules) <- ``runtime`` <- ``cases`` <- ``validation`` / ``importing``
<- ``authoring``.  Nothing here imports a user interface.

This module is the door for ``imr``, ``tui``, ``review`` and ``letters``: loading a rule
base, loading and deciding a case, the traces and the models they show, the errors.  The
authoring tools (``engine.authoring``, ``engine.validation``, ``engine.importing``) are
doors of their own, for the ``imr tables``, ``imr validate`` and ``imr import`` commands.

The public names below load on first use, so that ``import engine`` loads nothing of the
rule engine, pydantic or the reader.  ``_EXPORTS`` maps each name to its module (or to
``module:name`` where the door names it more plainly than its module does).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    # rule bases
    "Rulebase": "engine.compiler.rulebase",
    "compile_rulebase": "engine.compiler.rulebase",
    "load_rulebase": "engine.compiler.rulebase",
    "read_workbook": "engine.reader",
    "read_workbook_cached": "engine.cache",
    # evaluation and its trace
    "evaluate": "engine.runtime.evaluate",
    "CellCheck": "engine.runtime.trace",
    "Evaluation": "engine.runtime.trace",
    "MissingFact": "engine.runtime.trace",
    "RowState": "engine.runtime.trace",
    "RowTrace": "engine.runtime.trace",
    "TableResult": "engine.runtime.trace",
    "json_value": "engine.runtime.trace",
    # many case files at once, in worker processes (command-line processes only)
    "default_workers": "engine.runtime.parallel",
    "map_forked": "engine.runtime.parallel",
    # cases: loading, deciding, back-testing
    "CASE_SUFFIXES": "engine.cases.loader",
    "case_files": "engine.cases.loader",
    "load_case": "engine.cases.loader",
    "CaseFile": "engine.cases.model",
    "UrDecision": "engine.cases.model",
    "CaseFieldError": "engine.cases.field_error",
    "check_against_glossary": "engine.cases.facts",
    "item_facts": "engine.cases.derive",
    "CaseDetermination": "engine.cases.determination",
    "FiredRow": "engine.cases.determination",
    "ItemDetermination": "engine.cases.determination",
    "MissingFactOut": "engine.cases.determination",
    "OUTCOME_SUFFIX": "engine.cases.determination",
    "Outcome": "engine.cases.determination",
    "decision_order": "engine.cases.determination",
    "determine_case": "engine.cases.determination",
    "determine_item": "engine.cases.determination",
    "upstream": "engine.cases.determination",
    "CASE_NUMBER_EXPECTED": "engine.cases.model",
    "is_case_number": "engine.cases.model",
    "case_skeleton": "engine.cases.skeleton:skeleton",
    "case_needs": "engine.cases.skeleton",
    "backtest_file": "engine.cases.backtest",
    "backtest_report": "engine.cases.backtest:report",
    "Agreement": "engine.cases.backtest",
    "BacktestReport": "engine.cases.backtest",
    "FileError": "engine.cases.backtest",
    "ItemResult": "engine.cases.backtest",
    # the table model
    "DecisionTable": "engine.model",
    "FactDef": "engine.model",
    "FactType": "engine.model",
    "Rule": "engine.model",
    "Workbook": "engine.model",
    "to_feel_literal": "engine.feel.values",
    # data files in, output folders out
    "parse_json": "engine.datafiles",
    "parse_yaml": "engine.datafiles",
    "read_text": "engine.datafiles",
    "is_folder_path": "engine.output_paths",
    "prepare_out": "engine.output_paths",
    # errors: one line each (engine/errors.py)
    "CaseError": "engine.errors",
    "CompileError": "engine.errors",
    "EvaluationError": "engine.errors",
    "ImrError": "engine.errors",
    "Location": "engine.errors",
    "WorkbookError": "engine.errors",
    "did_you_mean": "engine.errors",
}

__all__ = [
    "CASE_NUMBER_EXPECTED",
    "CASE_SUFFIXES",
    "OUTCOME_SUFFIX",
    "Agreement",
    "BacktestReport",
    "CaseDetermination",
    "CaseError",
    "CaseFieldError",
    "CaseFile",
    "CellCheck",
    "CompileError",
    "DecisionTable",
    "Evaluation",
    "EvaluationError",
    "FactDef",
    "FactType",
    "FileError",
    "FiredRow",
    "ImrError",
    "ItemDetermination",
    "ItemResult",
    "Location",
    "MissingFact",
    "MissingFactOut",
    "Outcome",
    "RowState",
    "RowTrace",
    "Rule",
    "Rulebase",
    "TableResult",
    "UrDecision",
    "Workbook",
    "WorkbookError",
    "__version__",
    "backtest_file",
    "backtest_report",
    "case_files",
    "case_needs",
    "case_skeleton",
    "check_against_glossary",
    "compile_rulebase",
    "decision_order",
    "default_workers",
    "determine_case",
    "determine_item",
    "did_you_mean",
    "evaluate",
    "is_case_number",
    "is_folder_path",
    "item_facts",
    "json_value",
    "load_case",
    "load_rulebase",
    "map_forked",
    "parse_json",
    "parse_yaml",
    "prepare_out",
    "read_text",
    "read_workbook",
    "read_workbook_cached",
    "to_feel_literal",
    "upstream",
]

if TYPE_CHECKING:
    from engine.cache import read_workbook_cached
    from engine.cases.backtest import Agreement, BacktestReport, FileError, ItemResult, backtest_file
    from engine.cases.backtest import report as backtest_report
    from engine.cases.derive import item_facts
    from engine.cases.determination import (
        OUTCOME_SUFFIX,
        CaseDetermination,
        FiredRow,
        ItemDetermination,
        MissingFactOut,
        Outcome,
        decision_order,
        determine_case,
        determine_item,
        upstream,
    )
    from engine.cases.facts import check_against_glossary
    from engine.cases.field_error import CaseFieldError
    from engine.cases.loader import CASE_SUFFIXES, case_files, load_case
    from engine.cases.model import CASE_NUMBER_EXPECTED, CaseFile, UrDecision, is_case_number
    from engine.cases.skeleton import case_needs
    from engine.cases.skeleton import skeleton as case_skeleton
    from engine.compiler.rulebase import Rulebase, compile_rulebase, load_rulebase
    from engine.datafiles import parse_json, parse_yaml, read_text
    from engine.errors import (
        CaseError,
        CompileError,
        EvaluationError,
        ImrError,
        Location,
        WorkbookError,
        did_you_mean,
    )
    from engine.feel.values import to_feel_literal
    from engine.model import DecisionTable, FactDef, FactType, Rule, Workbook
    from engine.output_paths import is_folder_path, prepare_out
    from engine.reader import read_workbook
    from engine.runtime.evaluate import evaluate
    from engine.runtime.parallel import default_workers, map_forked
    from engine.runtime.trace import (
        CellCheck,
        Evaluation,
        MissingFact,
        RowState,
        RowTrace,
        TableResult,
        json_value,
    )


def __getattr__(name: str) -> Any:
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute or name)
