"""Fixture tables for the runtime tests: a two-table chain modelled on the MTUS
acupuncture criteria (indication -> determination), fixed here so that engine tests do
not move when the shipped content in tables/ is revised."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.authoring.spec import FactSpec, GuidelineSpec, RuleSpec, TableSpec, WorkbookSpec
from engine.authoring.writer import write_workbook
from engine.compiler.rulebase import load_rulebase

ACU = "MTUS Acupuncture Medical Treatment Guidelines, 8 CCR 9792.24.1"
ACUPUNCTURE_SPEC = WorkbookSpec(
    guideline=GuidelineSpec(
        id="mtus-acupuncture",
        title="MTUS Acupuncture Medical Treatment Guidelines",
        citation="8 CCR 9792.24.1",
        edition="2007",
        effective_from=dt.date(2007, 6, 15),
        owner="Clinical content team",
    ),
    facts=(
        FactSpec(
            name="acupuncture.request_type",
            type="enumeration",
            allowed_values='"initial","extension"',
            description="Whether this is a first trial of acupuncture or a request for more sessions after earlier ones.",
            question="Is this a first trial of acupuncture, or more sessions after acupuncture already given?",
        ),
        FactSpec(
            name="acupuncture.sessions_requested",
            type="integer",
            unit="sessions",
            description="Sessions in the disputed request (the disputed remainder when UR approved part).",
            question="How many acupuncture sessions does the request ask for?",
        ),
        FactSpec(
            name="acupuncture.frequency_per_week",
            type="number",
            unit="sessions per week",
            description="How often the sessions are to be given.",
            question="How many sessions per week does the request ask for?",
        ),
        FactSpec(
            name="acupuncture.functional_improvement",
            type="boolean",
            description="The records document functional improvement from earlier acupuncture as 8 CCR 9792.20 defines it: better activities of daily living or fewer work restrictions, and less dependence on medical treatment.",
            question="Do the records document functional improvement from the earlier acupuncture (better daily activities or fewer work restrictions, and less reliance on care or medication)?",
        ),
        FactSpec(
            name="acupuncture.medication_reduced_or_not_tolerated",
            type="boolean",
            description="Pain medication has been reduced or is not tolerated.",
            question="Do the records show pain medication reduced or not tolerated?",
        ),
        FactSpec(
            name="acupuncture.adjunct_to_rehabilitation",
            type="boolean",
            description="Acupuncture is requested alongside physical rehabilitation (therapy or a home exercise program) or surgical recovery.",
            question="Is acupuncture requested as an adjunct to physical rehabilitation, a home exercise program, or surgical recovery?",
        ),
        FactSpec(
            name="acupuncture.indicated",
            type="boolean",
            description="Acupuncture is an option for this patient under 9792.24.1(a)(1) (output of table acupuncture_indication).",
        ),
        FactSpec(
            name="acupuncture.outcome",
            type="enumeration",
            allowed_values='"Overturned","Upheld"',
            description="The proposed IMR determination for the acupuncture request.",
        ),
    ),
    tables=(
        TableSpec(
            name="acupuncture_indication",
            hit_policy="FIRST",
            description="When acupuncture is an option at all: 9792.24.1(a)(1).",
            inputs=("acupuncture.medication_reduced_or_not_tolerated", "acupuncture.adjunct_to_rehabilitation"),
            outputs=("acupuncture.indicated",),
            rules=(
                RuleSpec(
                    inputs=("true", "-"),
                    outputs=("true",),
                    citation=f"{ACU}(a)(1)",
                    rationale="Acupuncture is an option when pain medication is reduced or not tolerated.",
                ),
                RuleSpec(
                    inputs=("-", "true"),
                    outputs=("true",),
                    citation=f"{ACU}(a)(1)",
                    rationale="Acupuncture may be used as an adjunct to physical rehabilitation or surgical intervention to hasten functional recovery.",
                ),
                RuleSpec(
                    inputs=("false", "false"),
                    outputs=("false",),
                    citation=f"{ACU}(a)(1)",
                    rationale="Neither reduced or poorly tolerated medication nor an accompanying rehabilitation program is documented.",
                ),
            ),
        ),
        TableSpec(
            name="acupuncture_determination",
            hit_policy="FIRST",
            description="Initial trial and extension of acupuncture: 9792.24.1(c) and (d).",
            inputs=(
                "acupuncture.request_type",
                "acupuncture.sessions_requested",
                "acupuncture.frequency_per_week",
                "acupuncture.functional_improvement",
                "acupuncture.indicated",
            ),
            outputs=("acupuncture.outcome",),
            output_values=('"Overturned","Upheld"',),
            rules=(
                RuleSpec(
                    inputs=('"initial"', "> 6", "-", "-", "-"),
                    outputs=('"Upheld"',),
                    citation=f"{ACU}(c)(1)",
                    rationale="The guideline allows 3 to 6 treatments to show functional improvement; {acupuncture.sessions_requested} sessions exceed that trial, and IMR does not reduce a request to the number allowed.",
                ),
                RuleSpec(
                    inputs=('"initial"', "-", "> 3", "-", "-"),
                    outputs=('"Upheld"',),
                    citation=f"{ACU}(c)(2)",
                    rationale="The guideline's frequency is 1 to 3 times per week; {acupuncture.frequency_per_week} per week exceeds it.",
                ),
                RuleSpec(
                    inputs=('"initial"', "[1..6]", "(0..3]", "-", "true"),
                    outputs=('"Overturned"',),
                    citation=f"{ACU}(a)(1), (c)(1)-(3)",
                    rationale="An initial trial of {acupuncture.sessions_requested} sessions at {acupuncture.frequency_per_week} per week is within the 3 to 6 treatments, 1 to 3 times a week, that the guideline allows to produce functional improvement, and acupuncture is an option for this patient.",
                ),
                RuleSpec(
                    inputs=('"initial"', "-", "-", "-", "false"),
                    outputs=('"Upheld"',),
                    citation=f"{ACU}(a)(1)",
                    rationale="The records show neither reduced or poorly tolerated pain medication nor an accompanying rehabilitation program, so acupuncture is not an option under the guideline.",
                ),
                RuleSpec(
                    inputs=('"extension"', "-", "> 3", "-", "-"),
                    outputs=('"Upheld"',),
                    citation=f"{ACU}(c)(2)",
                    rationale="The guideline's frequency is 1 to 3 times per week; {acupuncture.frequency_per_week} per week exceeds it.",
                ),
                RuleSpec(
                    inputs=('"extension"', ">= 1", "(0..3]", "true", "-"),
                    outputs=('"Overturned"',),
                    citation=f"{ACU}(d); 8 CCR 9792.20(f)",
                    rationale="Treatment may be extended when functional improvement is documented, and the records document it after the earlier acupuncture.",
                ),
                RuleSpec(
                    inputs=('"extension"', "-", "-", "false", "-"),
                    outputs=('"Upheld"',),
                    citation=f"{ACU}(d); 8 CCR 9792.20(f)",
                    rationale="More acupuncture needs documented functional improvement from the sessions already given, and the records do not document it.",
                ),
            ),
        ),
    ),
)


@pytest.fixture(scope="session")
def chain_path(tmp_path_factory) -> Path:
    return write_workbook(ACUPUNCTURE_SPEC, tmp_path_factory.mktemp("tables") / "acupuncture.xlsx")


@pytest.fixture(scope="module")
def rulebase(chain_path):
    rb = load_rulebase(chain_path)
    yield rb
    rb.close()
