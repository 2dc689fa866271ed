"""Imaging of every region (tables/imaging.xlsx): MRI, MR arthrogram, CT, x-ray, bone scan.

The category names the region (imaging_lumbar, ...); for imaging_other the item's
body_region names one, or else the request text (``ITEM_TEXT``: "CT scan of the head" ->
head).  The study (MRI, MR arthrogram, CT, x-ray, bone scan, ultrasound) is read from the
request text, and so is a preoperative study ("Pre-op chest x-ray").  Contrast is not read:
no criterion of the table turns on it.  Keys say what the letters' case summaries say: red flags,
neurologic findings, failed conservative care, surgery considered, earlier studies, plain
films; a key that is absent is left to the facts' absence rules (a red flag no record
mentions is taken as absent, and so on).
"""

from __future__ import annotations

import re
from typing import Any

from engine.importing.convert import (
    Unmapped,
    boolean,
    choice,
    finding,
    measured,
    mentions,
    not_documented,
    present,
    rule,
    true_only,
    when_false,
    when_true,
)

TOPIC = "imaging"
CATEGORIES: dict[str, dict[str, object]] = {
    "imaging_lumbar": {"imaging.body_region": "lumbar"},
    "imaging_cervical": {"imaging.body_region": "cervical"},
    "imaging_thoracic": {"imaging.body_region": "thoracic"},
    "imaging_shoulder": {"imaging.body_region": "shoulder"},
    "imaging_knee": {"imaging.body_region": "knee"},
    "imaging_*": {},  # imaging_other: the item's body_region names the region
}

REGION = choice([
    (r"lumb|low(er)? back|sacr|\bL\d", "lumbar"),
    (r"cervical|neck|\bC\d", "cervical"),
    (r"thoracic|mid ?back|dorsal|\bT\d", "thoracic"),
    (r"shoulder|rotator cuff|glenohumeral", "shoulder"),
    (r"elbow", "elbow"),
    (r"wrist|hand|finger|thumb|carp", "wrist and hand"),
    (r"\bhip|groin|femoral head", "hip"),
    (r"knee", "knee"),
    (r"ankle|foot|feet|toe|heel|metatars|calcane", "ankle and foot"),
    (r"head|brain|skull", "head"),
    (r"chest|\bribs?\b|lung", "chest"),
    (r"abdom|pelvi|hernia|inguinal", "abdomen and pelvis"),
], what="region")

_STUDY = choice([
    (r"\bMRI\b|magnetic resonance|\bMR\b", "MRI"),
    (r"\bCT\b|computed tomography|\bCAT scan", "CT"),
    (r"x-?rays?\b|radiograph|plain films?|\bfilms\b", "x-ray"),
    (r"bone scan|scintigra", "bone scan"),
    (r"ultrasound|sonogra", "ultrasound"),
], what="imaging study")
_ARTHROGRAM = re.compile(r"arthrogra", re.IGNORECASE)


def MODALITY(value: Any) -> str:
    """The one study a request names: an MR arthrogram ("MR Arthrogram of the right shoulder") before
    an MRI; a CT arthrogram is a CT; several studies ("MRI and x-rays") are left unmapped."""
    if isinstance(value, str) and _ARTHROGRAM.search(value):
        study = _STUDY(value) if re.search(r"\bCT\b|computed", value, re.IGNORECASE) else "MRI"
        return "MR arthrogram" if study == "MRI" else study
    return _STUDY(value)

# Neurologic findings as letters write them: a plain yes/no, or a phrase.
_EQUIVOCAL = re.compile(r"equivocal|questionable|insufficient|inconsistent|unclear|subjective|"
                        r"straight[- ]leg|\bSLR\b|symptoms only|radiating", re.IGNORECASE)
_NONE = re.compile(r"^(none|normal|intact|unremarkable|no (focal |objective )?(neurologic\w*|nerve) "
                   r"(deficits?|findings|abnormalit\w+))\b", re.IGNORECASE)
_UNEQUIVOCAL = re.compile(r"decreased|diminished|reduced|absent|weak|loss|dermatom|myotom|atroph|"
                          r"reflex|[0-4][+-]?/5", re.IGNORECASE)


def _neurologic(value: Any) -> str:
    """true: objective deficits documented (unequivocal); false: none; a phrase: as it reads."""
    if isinstance(value, bool):
        return "unequivocal" if value else "none"
    if isinstance(value, str):
        words = " ".join(value.split())
        if _NONE.search(words):
            return "none"
        if re.search(r"progress\w* not documented|not progressive", words, re.IGNORECASE):
            raise Unmapped("says only that a progression is not documented")
        if _EQUIVOCAL.search(words):
            return "equivocal"
        if _UNEQUIVOCAL.search(words):
            return "unequivocal"
    raise Unmapped("not a neurologic finding the table reads (unequivocal, equivocal, none)")


# Plain films: a phrase saying none were taken or none are in the record is false.
_NO_FILMS = re.compile(r"^\s*no\b|not (noted|documented|provided|in (the )?record|available|done|taken)|"
                       r"no (plain )?(films?|radiographs?|x-?rays?)", re.IGNORECASE)


def _plain_films(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str | list) and not not_documented(value):
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and _NO_FILMS.search(t) for t in texts):
            return False
        return present(value)
    raise Unmapped("not a statement about plain films")


# An earlier MRI or CT of the region (the abstract key is about the item's region).
_ADVANCED = r"\bMRI\b|\bMR\b|magnetic resonance|\bCT\b|computed tomography"


def _earlier_advanced(value: Any) -> bool:
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}/(\d{1,2}/)?\d{4}\s*", value):
        return True  # a date: the key itself names the study (prior_lumbar_mri: "03/2016")
    return mentions(_ADVANCED, "an MRI or CT")(value)


def _dated_or_present(value: Any) -> bool:
    if isinstance(value, str) and value.strip() and not not_documented(value):
        return True
    return present(value)


def _bmi_obese(value: Any) -> bool:
    number = measured(value)
    if number >= 30:
        return True
    raise Unmapped("a BMI under 30 says nothing about other risk factors")


SURGERY_CANDIDATE = choice([
    (r"not (indicated|a candidate|considered|planned)|^no\b|none", False),
    (r"^yes|candidate|planned|considered|recommended|scheduled", True),
], what="surgical candidacy")

RISK = (r"hypertens|obes|copd|asthma|emphysema|pulmonary|lung|heart|cardiac|coronary|smok|diabet|sleep apnea|"
        r"renal")

KNEE_EXAM = (r"positive [\w' -]{0,25}(mcmurray|apley|lachman|drawer|pivot|thessaly)|laxity|instability|"
             r"locking|giving way|(?<!no )(?<!no joint )effusion")
SHOULDER_INSULT = r"drop[- ]arm (test )?(is )?positive|positive drop[- ]arm|full[- ]thickness"

KEYS = {
    # the region and the study
    "body_region": rule("imaging.body_region", REGION, quiet=True),
    "modality": rule("imaging.modality", MODALITY),
    "study": rule("imaging.modality", MODALITY),
    # red flags: a stated red flag, or a knee that cannot bear weight after trauma
    "red_flags": rule("imaging.red_flag", finding, combine="any"),
    "red_flag": rule("imaging.red_flag", finding, combine="any"),
    "unable_to_bear_weight": (
        rule("imaging.red_flag", true_only(finding, "bearing weight rules out only this red flag"),
             categories=["imaging_knee", "imaging_other"], combine="any"),
        rule("imaging.knee_findings", true_only(finding, "other knee findings may still be there"),
             categories=["imaging_knee"], combine="any"),
    ),
    # neurologic findings
    "neuro_deficit": rule("imaging.neurologic_deficit", _neurologic),
    "neuro_deficits": rule("imaging.neurologic_deficit", _neurologic),
    "neurologic_deficit": rule("imaging.neurologic_deficit", _neurologic),
    "neuro_exam": rule("imaging.neurologic_deficit", _neurologic),
    "radiculopathy_on_exam": rule("imaging.neurologic_deficit", _neurologic),
    "significant_nerve_deficit": rule("imaging.neurologic_deficit",
                                      when_false("none", "a significant deficit may be unequivocal or not")),
    "significant_neuro_deficit": rule("imaging.neurologic_deficit",
                                      when_false("none", "a significant deficit may be unequivocal or not")),
    "electrodiagnostic_findings": rule("imaging.neurologic_deficit",
                                       when_true("unequivocal", "a normal study does not rule out findings")),
    "electrodiagnostic_corroboration": rule("imaging.neurologic_deficit",
                                            when_true("unequivocal", "a normal study does not rule out findings")),
    # conservative care
    "failed_conservative_care": rule("imaging.symptoms_persist", boolean),
    "persistent_symptoms_despite_treatment": rule("imaging.symptoms_persist", boolean),
    "recent_conservative_care": rule("imaging.symptoms_persist",
                                     when_false(False, "care given says nothing about its result")),
    "concurrent_pt_in_progress": rule("imaging.symptoms_persist",
                                      when_true(False, "therapy not under way may have ended or failed")),
    "conservative_care_weeks": rule("imaging.conservative_care_weeks", measured),
    # surgery and procedures
    "surgery_considered": rule("imaging.surgery_considered", boolean),
    "surgery_candidate": rule("imaging.surgery_considered", SURGERY_CANDIDATE),
    "planned_surgery": rule("imaging.surgery_considered", _dated_or_present),
    "strengthening_failed": rule("imaging.strengthening_failed", boolean),
    "invasive_procedure_planned": rule("imaging.invasive_procedure_planned", boolean),
    # earlier studies
    "prior_imaging": rule("imaging.repeat_without_change", _earlier_advanced, quiet=True),
    "existing_mri": rule("imaging.repeat_without_change", _dated_or_present),
    "prior_mri": rule("imaging.repeat_without_change", _dated_or_present),
    "prior_lumbar_mri": rule("imaging.repeat_without_change", _dated_or_present, categories=["imaging_lumbar"]),
    "prior_cervical_mri": rule("imaging.repeat_without_change", _dated_or_present,
                               categories=["imaging_cervical"]),
    "mri": rule("imaging.repeat_without_change", _dated_or_present, quiet=True),
    "xray": rule("imaging.plain_films", _plain_films, quiet=True),
    "x_ray": rule("imaging.plain_films", _plain_films),
    "plain_films": rule("imaging.plain_films", _plain_films),
    # region-specific findings
    "mechanical_symptoms": rule("imaging.knee_findings", true_only(finding, "other knee findings may be there"),
                                combine="any"),
    "effusion": rule("imaging.knee_findings", true_only(finding, "other knee findings may be there"),
                     combine="any"),
    "locking": rule("imaging.knee_findings", true_only(finding, "other knee findings may be there"),
                    combine="any"),
    "exam": (
        rule("imaging.knee_findings", mentions(KNEE_EXAM, "a finding of a meniscal or ligament tear"),
             categories=["imaging_knee"], combine="any", quiet=True),
        rule("imaging.tissue_insult", mentions(SHOULDER_INSULT, "a sign of a full-thickness cuff tear"),
             categories=["imaging_shoulder"], combine="any", quiet=True),
    ),
    "tissue_insult": rule("imaging.tissue_insult", boolean),
    "crps_signs": rule("imaging.crps_signs", boolean),
    "hernia_clinically_evident": rule("imaging.specific_pathology_suspected",
                                      when_true(False, "a hernia not evident may still not be suspected")),
    # preoperative studies
    "dependent_on_surgery": rule("imaging.preoperative", boolean),
    "preoperative": rule("imaging.preoperative", boolean),
    "comorbidities": rule("imaging.perioperative_risk", mentions(RISK, "a perioperative risk factor"),
                          combine="any", quiet=True),
    "obese": rule("imaging.perioperative_risk", true_only(boolean, "other risk factors may be there"),
                  combine="any"),
    "bmi": rule("imaging.perioperative_risk", _bmi_obese, combine="any"),
}


_PREOPERATIVE = re.compile(r"\bpre-?op|pre-?operative|associated surgical service|surgical clearance", re.IGNORECASE)


def _preoperative_text(value: Any) -> bool:
    if isinstance(value, str) and _PREOPERATIVE.search(value):
        return True
    raise Unmapped("does not say the study is preoperative")


ITEM_TEXT = {
    "imaging.modality": MODALITY,
    "imaging.body_region": REGION,
    "imaging.preoperative": _preoperative_text,
}
