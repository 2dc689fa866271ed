"""Errors of the rule-engine adapter."""

from __future__ import annotations


class RuleEngineError(RuntimeError):
    """The rule engine failed or was misused at run time.

    The message is one line and names the table.  Errors raised inside durable-rules'
    C engine (``durable_rules_engine.error``, ``MemoryError``) are wrapped in this class
    so that they never reach the caller raw.
    """
