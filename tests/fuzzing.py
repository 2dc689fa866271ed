"""Registering property tests for the long fuzz run (docs/fuzzing.md, tests/conftest.py).

A property module writes ``PROPERTIES, prop = property_registry()`` and decorates each
property with ``@prop(strategy, ...)``: that is ``@given(strategy, ...)`` for the default
run, and it remembers the strategies and the check so that the module's ``slow``
``test_long_fuzz_run`` can hand them to the ``fuzz`` fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

Check = Callable[..., None]
Registry = dict[str, tuple[tuple[st.SearchStrategy[Any], ...], Check]]


def property_registry() -> tuple[Registry, Callable[..., Callable[[Check], Check]]]:
    """A module's registry of properties and the decorator that fills it."""
    registry: Registry = {}

    def prop(*strategies: st.SearchStrategy[Any]) -> Callable[[Check], Check]:
        """``@given(*strategies)``, and remember the property for the long fuzz run."""

        def register(check: Check) -> Check:
            registry[check.__name__] = (strategies, check)
            return given(*strategies)(check)

        return register

    return registry, prop
