"""Request-text and key converters of the lab tests, electrodiagnostics and imaging key maps
(engine/importing/keymap/{lab_tests,electrodiagnostics,imaging}.py): each reads one thing
the request names, and leaves a text that names none, or several, unmapped."""

from __future__ import annotations

import pytest

from engine.importing.convert import Unmapped
from engine.importing.keymap import electrodiagnostics, imaging, lab_tests


def _text(module, fact: str, value: str):
    return module.ITEM_TEXT[fact](value)


@pytest.mark.parametrize(("request_text", "test"), [
    ("Pre-op labs: CBC", "CBC"),
    ("Associated surgical service: Labs - CBC", "CBC"),
    ("Pre-operative BMP", "metabolic panel"),
    ("Pre-op labs: CMP", "metabolic panel"),
    ("Associated surgical service: Labs - Chem panel", "metabolic panel"),
    ("Basic metabolic panel", "metabolic panel"),
    ("Pre-op labs: PT/PTT", "coagulation"),
    ("PT/INR", "coagulation"),
    ("Pre-op urinalysis", "urinalysis"),
    ("Associated surgical service: UA", "urinalysis"),
    ("Labs to include: EKG", "electrocardiogram"),
    ("Pre-operative ECG", "electrocardiogram"),
    ("Labs to include: Chest X-ray", "chest x-ray"),
    ("Hemoglobin A1c", "glucose or A1c"),
    ("Fasting glucose", "glucose or A1c"),
    ("Vitamin D serum level", "vitamin D"),
    ("25-OH vitamin D", "vitamin D"),
    ("Serum lithium level", "drug level"),
    ("Hepatic function panel", "hepatic function"),
    ("Liver function tests", "hepatic function"),
    ("TSH", "other"),
])
def test_the_test_requested(request_text, test):
    assert _text(lab_tests, "lab_tests.test", request_text) == test


@pytest.mark.parametrize("request_text", ["CBC, CMP and PT/PTT", "Lab work", "Pre-op labs", "Chemotherapy labs",
                                          "Post-op PT"])
def test_no_test_or_several_is_left_unmapped(request_text):
    with pytest.raises(Unmapped):
        _text(lab_tests, "lab_tests.test", request_text)


@pytest.mark.parametrize(("request_text", "purpose"), [
    ("Pre-op labs: CBC", "preoperative"), ("Pre-operative EKG", "preoperative"), ("Preop UA", "preoperative"),
    ("Associated surgical service: EKG", "preoperative"), ("CBC to monitor NSAID use", "medication monitoring"),
])
def test_the_purpose_named(request_text, purpose):
    assert _text(lab_tests, "lab_tests.purpose", request_text) == purpose


def test_a_text_with_no_purpose_says_none():
    with pytest.raises(Unmapped):
        _text(lab_tests, "lab_tests.purpose", "Labs to include: EKG")


def test_an_implant_named_in_a_planned_surgery():
    implant = lab_tests.KEYS["planned_surgery"][1].convert
    assert implant("laparoscopic versus open umbilical hernia repair (with mesh per RFA)") is True
    assert implant("total knee arthroplasty") is True
    assert implant("cystoscopy") is True
    with pytest.raises(Unmapped):
        implant("right shoulder arthroscopic rotator cuff repair and decompression")
    assert lab_tests.KEYS["implant"].convert("mesh") is True


@pytest.mark.parametrize(("surgery", "risk"), [
    ("right shoulder arthroscopic rotator cuff repair and decompression", "low"),
    ("L4-5 fusion", "intermediate"),
    ("abdominal aortic aneurysm repair", "high"),
])
def test_the_cardiac_risk_of_a_surgery(surgery, risk):
    assert lab_tests.SURGERY_RISK(surgery) == risk


def test_a_surgery_of_two_risks_says_neither():
    with pytest.raises(Unmapped):
        lab_tests.SURGERY_RISK("arthroscopic versus open rotator cuff repair")


@pytest.mark.parametrize(("request_text", "study", "region"), [
    ("EMG (electromyography)/NCV (nerve conduction velocity) of the bilateral upper extremities", "EMG and NCS",
     "upper extremity"),
    ("EMG/NCS of the bilateral hand", "EMG and NCS", "wrist and hand"),
    ("EMG of the left upper extremity", "EMG", "upper extremity"),
    ("Nerve Conduction Studies of the left upper extremity", "NCS", "upper extremity"),
    ("NCS/EMG RUE", "EMG and NCS", "upper extremity"),
    ("EMG/NCV of the bilateral lower extremities", "EMG and NCS", "lumbar"),
    ("SSEP of the lumbar and lower extremities", "evoked potentials", "lumbar"),
])
def test_the_study_and_limbs_requested(request_text, study, region):
    assert _text(electrodiagnostics, "emg_ncs.study", request_text) == study
    assert _text(electrodiagnostics, "emg_ncs.body_region", request_text) == region


@pytest.mark.parametrize("request_text", ["Electrodiagnostic studies", "SSEP and EMG of the legs"])
def test_an_unnamed_or_mixed_study_is_left_unmapped(request_text):
    with pytest.raises(Unmapped):
        _text(electrodiagnostics, "emg_ncs.study", request_text)


def test_arms_and_legs_together_name_no_region():
    with pytest.raises(Unmapped):
        _text(electrodiagnostics, "emg_ncs.body_region", "EMG/NCS bilateral upper and lower extremities")


def test_a_one_sided_request_is_not_a_study_of_both_limbs():
    assert _text(electrodiagnostics, "emg_ncs.one_limb_only", "EMG of the left upper extremity") is False
    assert _text(electrodiagnostics, "emg_ncs.one_limb_only", "NCS/EMG RUE") is False
    for both in ("EMG/NCS of the bilateral upper extremities", "EMG of the left and right upper extremity",
                 "EMG/NCS of the upper extremities"):
        with pytest.raises(Unmapped):
            _text(electrodiagnostics, "emg_ncs.one_limb_only", both)


def test_conservative_care_said_to_help_has_not_failed():
    helping = electrodiagnostics.KEYS["subjective_improvement"].convert
    assert helping("chiropractic treatments have helped") is False
    for hedged in ("transient relief with medications", "10 percent better overall, but no improvement in the shoulder",
                   "no improvement"):
        with pytest.raises(Unmapped):
            helping(hedged)


@pytest.mark.parametrize(("request_text", "modality", "region"), [
    ("MRI of the lumbar spine without contrast", "MRI", "lumbar"),
    ("MR Arthrogram of the right shoulder", "MR arthrogram", "shoulder"),
    ("CT arthrogram of the knee", "CT", "knee"),
    ("CT scan of the head", "CT", "head"),
    ("One (1) x-ray of the thoracic spine", "x-ray", "thoracic"),
    ("Pre-op chest x-ray", "x-ray", "chest"),
    ("Three phase bone scan to the left foot", "bone scan", "ankle and foot"),
    ("Ultrasound of the right shoulder", "ultrasound", "shoulder"),
    ("MRI of the fingers of the right hand without contrast", "MRI", "wrist and hand"),
    ("CT scan of abdomen and pelvis with contrast", "CT", "abdomen and pelvis"),
])
def test_the_imaging_study_and_region(request_text, modality, region):
    assert _text(imaging, "imaging.modality", request_text) == modality
    assert _text(imaging, "imaging.body_region", request_text) == region


def test_several_studies_or_regions_are_left_unmapped():
    with pytest.raises(Unmapped):
        _text(imaging, "imaging.modality", "MRI and x-rays of the knee")
    with pytest.raises(Unmapped):
        _text(imaging, "imaging.body_region", "MRI of the cervical and thoracic spine")
    with pytest.raises(Unmapped):
        _text(imaging, "imaging.body_region", "x-ray showing a distribution of pain")


def test_a_preoperative_study():
    assert _text(imaging, "imaging.preoperative", "Associated surgical service: Chest x-ray") is True
    with pytest.raises(Unmapped):
        _text(imaging, "imaging.preoperative", "MRI of the left knee")


def test_a_treatment_to_date_said_to_help():
    helped = electrodiagnostics.KEYS["prior_treatments"].convert
    assert helped(["activity modification", "chiropractic (improved symptoms)"]) is False
    for value in (["physical therapy", "medications"], ["6 sessions of therapy (not particularly beneficial)"]):
        with pytest.raises(Unmapped):
            helped(value)


@pytest.mark.parametrize(("text", "region"), [
    ("cervical", "cervical"),
    ("cervical/thoracic", "neck and upper back"),
    ("neck and upper back", "neck and upper back"),
    ("cervical and lumbar", "multiple"),
    ("thoracic, low back and shoulder", "multiple"),
    ("low back", "lumbar"),
])
def test_tens_region_keeps_the_neck_and_upper_back_together(text, region):
    from engine.importing.keymap import tens

    assert tens.region(text) == region


def test_tens_region_naming_none_is_left_unmapped():
    from engine.importing.convert import Unmapped
    from engine.importing.keymap import tens

    with pytest.raises(Unmapped):
        tens.region("unspecified")
