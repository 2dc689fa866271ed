"""Hit policies in words, as a physician or a clinician author reads them (the reviewer UI and the HTML view)."""

from __future__ import annotations

# The codes a table's author writes (engine/model.py, DecisionTable.policy_code).
HIT_POLICY_WORDS = {
    "U": "one row at most matches",
    "A": "every matching row gives the same answer",
    "P": "the matching row with the highest-priority answer decides",
    "F": "the first matching row decides",
    "R": "every matching row applies, in rule order",
    "O": "every matching row applies, in order of their answers",
    "C": "every matching row applies",
    "C+": "every matching row applies: their answers are added up",
    "C#": "every matching row applies: they are counted",
    "C<": "every matching row applies: the smallest answer decides",
    "C>": "every matching row applies: the largest answer decides",
}


def hit_policy_words(code: str) -> str:
    """``F`` -> ``the first matching row decides``; an unknown code as itself."""
    return HIT_POLICY_WORDS.get(code, f"hit policy {code}")
