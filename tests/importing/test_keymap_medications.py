"""Request-text and key converters of the medication key maps
(engine/importing/keymap/{opioids,muscle_relaxants,medications,topicals}.py): what the request
as letters write it states (engine.cases.medication_text), and nothing it does not."""

from __future__ import annotations

import pytest

from engine.importing.convert import Unmapped
from engine.importing.keymap import medications, muscle_relaxants, opioids, topicals


def _text(module, fact: str, value: str):
    return module.ITEM_TEXT[fact](value)


@pytest.mark.parametrize(("text", "med", "days"), [
    ("Post-op Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", 60, 5),
    ("Norco 5/325mg, one tablet twice daily for 14 days, #40", 10, 20),
    ("Percocet 10/325 1 tab q4h prn #90", 90, 15),
])
def test_opioid_med_and_days_supply(text, med, days):
    assert _text(opioids, "opioids.med_per_day", text) == med
    assert _text(opioids, "opioids.days_supply", text) == days


@pytest.mark.parametrize("text", ["Norco 10/325mg #60", "Ultram (tramadol) 50mg #90", "Post-op Percocet 5/325mg",
                                  "Trezix capsules 320.5/30/16mg one-month supply"])
def test_no_directions_no_med_or_days(text):
    with pytest.raises(Unmapped):
        _text(opioids, "opioids.med_per_day", text)
    with pytest.raises(Unmapped):
        _text(opioids, "opioids.days_supply", text)


def test_relaxant_drug_and_days_from_the_text():
    assert _text(muscle_relaxants, "muscle_relaxants.drug", "Flexeril 10 mg 1 tab TID #60") == "cyclobenzaprine"
    assert _text(muscle_relaxants, "muscle_relaxants.days_requested", "Flexeril 10 mg 1 tab TID #60") == 20
    with pytest.raises(Unmapped):
        _text(muscle_relaxants, "muscle_relaxants.days_requested", "Cyclobenzaprine 7.5mg #60")


def test_first_line_treatment_for_a_relaxant():
    (rule,) = muscle_relaxants.KEYS["current_medications"] if isinstance(
        muscle_relaxants.KEYS["current_medications"], tuple) else (muscle_relaxants.KEYS["current_medications"],)
    assert rule.convert(["ibuprofen 800 mg", "omeprazole"]) is True
    with pytest.raises(Unmapped):
        rule.convert(["omeprazole"])  # naming no NSAID is not saying none was taken


def test_other_medication_days():
    assert _text(medications, "medications.days_requested", "Zolpidem 10 mg 1 at bedtime #30") == 30


@pytest.mark.parametrize(("text", "product"), [
    ("Terocin 120 ml", "compound or other product"),
    ("Menthoderm gel 120 g", "salicylate"),
    ("Ben-Gay cream", "salicylate"),
    ("Lidocaine 5% patch #1", "lidocaine patch"),
    ("Lidoderm patch 12 hours on/12 off, 1 box", "lidocaine patch"),
    ("Lidocaine 3% cream 120 g", "compound or other product"),
    ("Lidocaine 4% patch #30", "compound or other product"),
    ("Flector 1.3% transdermal patch", "diclofenac"),
    ("Capsaicin 0.075% cream", "capsaicin"),
    ("Compound: flurbiprofen 10%, cyclobenzaprine 3%", "compound or other product"),
])
def test_topical_product(text, product):
    assert _text(topicals, "topicals.product", text) == product


def test_topical_strength_and_non_patch_lidocaine():
    assert _text(topicals, "topicals.capsaicin_percent", "Capsaicin 0.075% cream") == 0.075
    assert _text(topicals, "topicals.capsaicin_percent", "0.025% capsaicin cream") == 0.025
    assert _text(topicals, "topicals.has_non_patch_lidocaine", "Terocin lotion 120 ml") is True
    assert _text(topicals, "topicals.has_non_patch_lidocaine", "Lidocaine 3% cream") is True
    for text in ("Terocin patch #30", "Lidoderm 5% patch", "Capsaicin cream"):
        with pytest.raises(Unmapped):
            _text(topicals, "topicals.has_non_patch_lidocaine", text)
