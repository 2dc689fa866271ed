r"""Running every worked example of a rule base (tests only; \`imr validate\` runs them one by one)."""

from __future__ import annotations

from engine.compiler.rulebase import Rulebase
from engine.runtime.worked_examples import ExampleOutcome, run_example


def run_examples(rulebase: Rulebase) -> list[ExampleOutcome]:
    """Every Tests row of every workbook in the rule base."""
    return [run_example(rulebase, wb, test) for wb in rulebase.workbooks for test in wb.tests]
