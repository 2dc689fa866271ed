"""Every hit policy reads from its letter and from its DMN name."""

from __future__ import annotations

import pytest

from engine.model import Aggregation, HitPolicy
from engine.reader.tables import parse_hit_policy

CASES = [
    ("U", "UNIQUE", HitPolicy.UNIQUE, None),
    ("A", "ANY", HitPolicy.ANY, None),
    ("P", "PRIORITY", HitPolicy.PRIORITY, None),
    ("F", "FIRST", HitPolicy.FIRST, None),
    ("R", "RULE ORDER", HitPolicy.RULE_ORDER, None),
    ("O", "OUTPUT ORDER", HitPolicy.OUTPUT_ORDER, None),
    ("C", "COLLECT", HitPolicy.COLLECT, None),
    ("C+", "COLLECT SUM", HitPolicy.COLLECT, Aggregation.SUM),
    ("C#", "COLLECT COUNT", HitPolicy.COLLECT, Aggregation.COUNT),
    ("C<", "COLLECT MIN", HitPolicy.COLLECT, Aggregation.MIN),
    ("C>", "COLLECT MAX", HitPolicy.COLLECT, Aggregation.MAX),
]


@pytest.mark.parametrize(("code", "name", "policy", "aggregation"), CASES)
def test_code_and_name(code, name, policy, aggregation):
    assert parse_hit_policy(code) == (policy, aggregation)
    assert parse_hit_policy(name.lower()) == (policy, aggregation)
    assert parse_hit_policy(f"  {name.replace(' ', '   ')} ") == (policy, aggregation)


def test_unknown():
    assert parse_hit_policy("FIRSTT") is None
