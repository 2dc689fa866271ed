"""Work conditioning and work hardening (tables/work_conditioning.xlsx).

Its facts are read from keys named as they are (``job_demand``, ...): no rules needed.
"""

from __future__ import annotations

from engine.importing.convert import Rule

TOPIC = "work_conditioning"
CATEGORIES: dict[str, dict[str, object]] = {"work_conditioning": {}}

KEYS: dict[str, Rule] = {}
