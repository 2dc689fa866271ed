"""The rule engine: decision tables matched by durable-rules' Rete network.

Only :mod:`engine.rete.durable_adapter` imports durable-rules; the rest of the package
(spec, encoding, layout) is plain Python.
"""

from engine.rete.durable_adapter import RuleNetwork
from engine.rete.errors import RuleEngineError
from engine.rete.spec import TableSpec

__all__ = ["RuleEngineError", "RuleNetwork", "TableSpec"]
