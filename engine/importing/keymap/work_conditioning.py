"""Work conditioning and work hardening (tables/work_conditioning.xlsx).

Its facts are also read from keys named as they are (``job_demand``, ``therapy_plateaued``, ...).
"""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, rule

TOPIC = "work_conditioning"
CATEGORIES: dict[str, dict[str, object]] = {"work_conditioning": {}}

JOB_DEMAND = choice([
    (r"\bvery heavy\b", "very heavy"),
    (r"(?<!very )\bheavy\b", "heavy"),
    (r"\bmedium\b", "medium"),
    (r"\blight\b", "light"),
    (r"\bsedentary\b|clerical|desk", "sedentary"),
], what="physical demand level")

KEYS = {
    "job_demand_level": rule("work_conditioning.job_demand", JOB_DEMAND),
    "physical_demand_level": rule("work_conditioning.job_demand", JOB_DEMAND),
    "job_demands": rule("work_conditioning.job_demand", JOB_DEMAND),
    "pt_plateau": rule("work_conditioning.therapy_plateaued", boolean),
    "plateau": rule("work_conditioning.therapy_plateaued", boolean),
    "rtw_goal": rule("work_conditioning.return_to_work_goal", boolean),
    "specific_return_to_work_goal": rule("work_conditioning.return_to_work_goal", boolean),
    "surgery_candidate": rule("work_conditioning.surgical_candidate", boolean),
    "prior_work_conditioning": rule("work_conditioning.prior_program", finding),
}
