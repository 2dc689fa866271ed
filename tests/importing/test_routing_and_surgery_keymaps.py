"""Category ``other`` routed by its request text; surgery, psychological, injection and home health key maps."""

from __future__ import annotations

import pytest

from engine.importing import keymap
from engine.importing.convert import Unmapped
from engine.importing.keymap import (
    home_health,
    injections,
    other_services,
    psychological_treatment,
    specialist_consultation,
    surgery,
)


@pytest.mark.parametrize(("text", "topic", "facts"), [
    ("Assistant surgeon", "surgical_services", {"surgical_services.service": "assistant surgeon"}),
    ("PA assist", "surgical_services", {"surgical_services.service": "assistant surgeon"}),
    ("Assistant PA", "surgical_services", {"surgical_services.service": "assistant surgeon"}),
    ("Medical Clearance", "specialist_consultation", {"specialist_consultation.purpose": "preoperative clearance"}),
    ("Gym membership", "other_services", {}),
    ("Electroencephalogram", "other_services", {}),
    ("Sleep study", "other_services", {}),
])
def test_other_is_routed_by_its_request_text(text, topic, facts):
    assert keymap.topic_of("other", text) == topic
    assert keymap.category_facts("other", text) == facts


def test_routes_apply_to_their_category_only():
    assert keymap.topic_of("surgery", "Assistant surgeon") == "surgery"
    assert keymap.topic_of("other") == "other_services"  # no text: the category's own topic


@pytest.mark.parametrize(("text", "service"), [
    ("Gym membership x 6 months", "gym membership"),
    ("Transportation to/from all medical appointments", "transportation"),
    ("EEG", "EEG"), ("Electroencephalogram", "EEG"),
])
def test_other_service_from_text(text, service):
    assert other_services.SERVICE(text) == service


def test_other_service_unknown_text_says_nothing():
    with pytest.raises(Unmapped):
        other_services.SERVICE("Sleep study")


@pytest.mark.parametrize(("text", "procedure"), [
    ("Right carpal tunnel release", "carpal tunnel release"),
    ("Right shoulder arthroscopy RCR (rotator cuff repair) and decompression", "rotator cuff repair"),
    ("Right shoulder arthroscopy with subacromial decompression, acromioplasty, Mumford, rotator cuff repair",
     "rotator cuff repair"),
    ("Right shoulder arthroscopic subacromial decompression", "subacromial decompression"),
    ("Left shoulder arthroscopy with Bankart repair, possible biceps tenodesis", "shoulder instability repair"),
    ("Operative arthroscopy, superior labral anterior posterior repair, right shoulder", "labral or SLAP repair"),
    ("Right knee arthroscopy with evaluation of ACL, medial meniscectomy", "meniscectomy"),
    ("Left knee ACL reconstruction and partial meniscectomy", "knee ligament reconstruction"),
    ("L4-5 microdiscectomy", "lumbar decompression"),
    ("L4-S1 posterior lumbar interbody fusion with decompression", "lumbar fusion"),
])
def test_procedure_from_text(text, procedure):
    assert surgery.procedure(text) == procedure


@pytest.mark.parametrize("text", ["C5-6 anterior cervical discectomy and fusion", "Right hip arthroscopy labral repair",
                                  "Left ankle arthroscopy"])
def test_procedures_without_criteria_say_nothing(text):
    with pytest.raises(Unmapped):
        surgery.procedure(text)


def test_full_thickness_tear_only_of_the_cuff_and_never_almost():
    assert surgery.FULL_THICKNESS("MRI: full thickness supraspinatus tear with 5 mm gap") is True
    assert surgery.FULL_THICKNESS(["right shoulder full thickness rotator cuff tear"]) is True
    for text in ("high-grade almost full-thickness supraspinatus tear", "small supraspinatus tendon tear",
                 "full-thickness cartilage loss of the medial femoral condyle"):
        with pytest.raises(Unmapped):
            surgery.FULL_THICKNESS(text)


def test_negated_findings_say_nothing():
    assert surgery.INSTABILITY("significant apprehension with abduction/external rotation") is True
    assert surgery.INSTABILITY(["shoulder dislocation"]) is True
    for text in ("positive Jobe sign; no instability", "stable Lachman and drawer"):
        with pytest.raises(Unmapped):
            surgery.INSTABILITY(text)
    assert surgery.MECHANICAL("right knee pain; locking/catching and instability") is True
    assert surgery.WEAKNESS("strength 4/5 abduction/ER; positive drop arm") is True
    with pytest.raises(Unmapped):
        surgery.WEAKNESS("5/5 strength")


@pytest.mark.parametrize(("value", "failed"), [
    ("no improvement with physical therapy", True), ("failed PT and injections", True), (True, True),
    ("not yet tried", False), ("improving with therapy", False), ("no", False),
])
def test_failed_conservative_care_as_text(value, failed):
    assert surgery.conservative_failed(value) is failed


def test_unclear_conservative_care_says_nothing():
    with pytest.raises(Unmapped):
        surgery.conservative_failed("no clear documentation of 3 months of conservative care")


def test_electrodiagnostics():
    assert surgery.electrodiagnostic("NCS consistent with moderate carpal tunnel syndrome") is True
    assert surgery.electrodiagnostic("normal nerve conduction study") is False
    with pytest.raises(Unmapped):
        surgery.electrodiagnostic("pending")


@pytest.mark.parametrize(("text", "service"), [
    ("Comprehensive psychological testing", "testing"),
    ("Partial Hospitalization day treatment", "intensive program"),
    ("Cognitive behavioral therapy 6 sessions", "psychotherapy"),
    ("Psychological evaluation", "evaluation"),
])
def test_psychological_service_from_text(text, service):
    assert psychological_treatment.SERVICE(text) == service


def test_ideation_is_a_need_and_no_plan_does_not_deny_it():
    assert psychological_treatment.IDEATION(["fleeting homicidal and suicidal thoughts without plan"]) is True
    with pytest.raises(Unmapped):
        psychological_treatment.IDEATION(["depression", "anxiety"])


@pytest.mark.parametrize(("text", "kind", "region"), [
    ("Facet joint injections L4-5, L5-S1", "facet injection", "lumbar"),
    ("One platelet-rich plasma injection to the right knee", "platelet-rich plasma", "knee"),
    ("Right shoulder cortisone injection", "corticosteroid injection", "shoulder"),
    ("Synvisc-One injection left knee", "viscosupplementation", "knee"),
    ("Cervical medial branch block C4-5", "medial branch block", "cervical"),
])
def test_injection_from_text(text, kind, region):
    assert injections.KIND(text) == kind
    assert injections.REGION(text) == region


def test_clearance_purpose_from_text():
    assert specialist_consultation.PURPOSE("Pre-operative medical clearance") == "preoperative clearance"
    assert specialist_consultation.PURPOSE("Preop medical evaluation") == "preoperative clearance"
    with pytest.raises(Unmapped):
        specialist_consultation.PURPOSE("Orthopedic consultation")


def test_home_health_text():
    text = "Home aide 6 hours per day, 5 times a week for 4 weeks to assist with mobility, transfer, ADL's"
    assert home_health.hours_per_week(text) == 30
    with pytest.raises(Unmapped):
        home_health.medical_treatment(text)
    assert home_health.medical_treatment("Daily RN for 4 weeks for wound care") is True
    with pytest.raises(Unmapped):
        home_health.hours_per_week("Daily RN for 4 weeks for wound care")
