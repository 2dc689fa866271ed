"""Paths and facts the review tests share (a module of its own: every test folder has a conftest)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "cases" / "seed.yaml"
UNDECIDED_CASE = ROOT / "cases" / "cm16-0915002.yaml"  # items[0] is Undecided (the surgery must be documented)
THREE_ITEMS = ROOT / "cases" / "cm16-0903318.yaml"
# The seed's acupuncture item is Overturned on documented functional improvement; without it, Upheld.
ACUPUNCTURE = 1
FLIP_FACT = "request.functional_improvement"
