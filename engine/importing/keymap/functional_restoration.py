"""Functional restoration programs (tables/functional_restoration.xlsx).

Its facts are read from keys named as they are (``baseline_evaluation``, ...): no rules needed.
"""

from __future__ import annotations

from engine.importing.convert import Rule

TOPIC = "functional_restoration"
CATEGORIES: dict[str, dict[str, object]] = {"functional_restoration": {}}

KEYS: dict[str, Rule] = {}
