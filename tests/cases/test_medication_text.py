"""engine.cases.medication_text: medication requests as letters write them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.cases.medication_text import MED_FACTORS, parse_medication


@pytest.mark.parametrize(("text", "drug", "strength", "count", "unit"), [
    ("Norco 10/325 #60", "hydrocodone", 10, 60, "units"),
    ("Percocet 5/325 1 q6h prn", "oxycodone", 5, None, None),
    ("Cyclobenzaprine 7.5mg #60", None, 7.5, 60, "units"),
    ("Ultram (tramadol) 50mg #90", "tramadol", 50, 90, "units"),
    ("Cyclobenzaprine 7.5 mg, 90 tablets", None, 7.5, 90, "units"),
    ("Terocin 120 g", None, None, 120, "g"),
    ("Flurbiprofen 20% cream 240gm", None, None, 240, "g"),
    ("Terocin lotion 500 ml", None, None, 500, "ml"),
    ("Methyl salicylate #18", None, None, 18, "units"),
    ("Lidoderm 5% 30 patches", None, None, 30, "patches"),
    ("Lidoderm patch 12 hours on/12 off, 1 box with 1 refill", None, None, 1, "boxes"),
    ("Tylenol #3 1 tab q6h prn #60", "codeine", 30, 60, "units"),
    ("Trezix capsules 320.5/30/16mg one-month supply", None, 320.5, None, None),
])
def test_drug_strength_and_count(text, drug, strength, count, unit):
    r = parse_medication(text)
    assert (r.drug, r.strength_mg, r.count, r.count_unit) == (drug, strength, count, unit)
    assert r.quantity_specified is (count is not None)


@pytest.mark.parametrize(("text", "per_dose", "per_day", "most"), [
    ("Percocet 5/325 1 q6h prn", (1, 1), (4, 4), 4),
    ("Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", (1, 2), (4, 6), 12),
    ("Norco 5/325mg, one tablet twice daily for 14 days, #40", (1, 1), (2, 2), 2),
    ("Oxycontin 20 mg 1 BID #60", (1, 1), (2, 2), 2),
    ("Cyclobenzaprine 10 mg 1 tab TID #60", (1, 1), (3, 3), 3),
    ("Meloxicam 7.5 mg 1 tab daily #30", (1, 1), (1, 1), 1),
    ("Ibuprofen 600 mg 1 tab QID #120", (1, 1), (4, 4), 4),
    ("Norco 10/325 1 tab 3 times a day #90", (1, 1), (3, 3), 3),
    ("Hydromorphone 2mg 1-2 tabs q4h prn #120", (1, 2), (6, 6), 12),
    ("Trazodone 50 mg 1 at bedtime #30", (1, 1), (1, 1), 1),
    ("Tramadol 50mg every 4-6 hours as needed, #30", None, (4, 6), None),  # units a dose not stated
    ("Norco 10/325 #60", None, None, None),
])
def test_directions_read_at_the_maximum_daily_dose(text, per_dose, per_day, most):
    r = parse_medication(text)
    assert r.per_dose == per_dose
    assert r.doses_per_day == per_day
    assert r.max_units_per_day == most


@pytest.mark.parametrize(("text", "med"), [
    ("Norco 10/325 1 tab q6h #120", 40),            # hydrocodone 10 x 4 x 1
    ("Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", 60),   # 5 x 12
    ("Percocet 5/325 1 q6h prn", 30),               # oxycodone 5 x 4 x 1.5
    ("Oxycontin 20 mg 1 BID #60", 60),
    ("Tramadol 50 mg 1-2 tabs every 6 hours #120", 40),   # 50 x 8 x 0.1
    ("Nucynta 50 mg 1 tab q6h #120", 80),           # 200 x 0.4: at the 80 mg line
    ("Nucynta 50 mg 1 tab q4h #120", 120),
    ("Tylenol #3 1 tab q6h prn #60", 18),           # codeine 30 x 4 x 0.15
    ("Hydromorphone 2mg 1-2 tabs q4h prn #120", 96),  # 2 x 12 x 4
    ("Opana 10 mg 1 BID #60", 60),                  # oxymorphone 20 x 3
    ("MS Contin 30 mg 1 tab q8h #90", 90),
    ("Fentanyl patch 25 mcg/hr, 1 patch every 72 hours #10", 60),   # 25 x 2.4
    ("Methadone 5 mg 1 tab QID #120", 80),          # 20 mg/day: band up to 20, x4
    ("Methadone 7 mg 1 tab TID #90", 168),          # 21 mg/day: band 21-40, x8
    ("Methadone 30 mg 1 tab TID #90", None),        # 90 mg/day: above the table's bands
    ("Norco 10/325 #60", None),                     # no directions: no daily dose
    ("Percocet q6h prn #60", None),                 # no strength, no units a dose
    ("Tramadol every 4-6 hours", None),
    ("Norco 10/325 and Percocet 5/325 1 tab q6h #60", None),   # two opioids
    ("Cyclobenzaprine 10 mg 1 tab TID #60", None),  # not an opioid
    ("Butrans 10 mcg/hr 1 patch weekly #4", None),  # buprenorphine: no CDC factor
])
def test_morphine_equivalent_dose_per_day(text, med):
    assert parse_medication(text).med_per_day == med


@pytest.mark.parametrize(("text", "days"), [
    ("Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", 5),
    ("Norco 5/325mg, one tablet twice daily for 14 days, #40", 20),
    ("Cyclobenzaprine 10 mg 1 tab TID #60", 20),
    ("Cyclobenzaprine 10 mg 1 tab TID #63", 21),
    ("Cyclobenzaprine 10 mg 1 tab TID #66", 22),
    ("Fentanyl patch 25 mcg/hr, 1 patch every 72 hours #10", 30),
    ("Cyclobenzaprine 7.5mg #60", None),            # no directions: days not worked out
    ("Terocin 120 g apply TID", None),              # grams are not doses
])
def test_days_supplied_is_count_over_the_most_units_a_day(text, days):
    assert parse_medication(text).days_supplied == days


@pytest.mark.parametrize(("text", "refills", "days"), [
    ("Ibuprofen 600mg #90 with 2 refills", 2, None),
    ("Tramadol ER 150mg #30 x 2 refills", 2, None),
    ("Pantoprazole 40mg, one by mouth, twice a day #60 with one refill", 1, None),
    ("Norco 10/325 #60 no refills", 0, None),
    ("Norco 10/325 #60 RF x1", 1, None),
    ("Norco 5/325 1 BID for 14 days #40", None, 14),
    ("Cyclobenzaprine 10 mg 30-day supply", None, 30),
])
def test_refills_and_stated_days(text, refills, days):
    r = parse_medication(text)
    assert (r.refills, r.days_stated) == (refills, days)


def test_two_counts_give_none_with_a_warning():
    r = parse_medication("Norco 10/325 #60 qty 90")
    assert r.count is None
    assert any("two counts" in w for w in r.warnings)


def test_the_factors_are_the_cdc_2016_ones():
    assert MED_FACTORS == {"hydrocodone": 1.0, "oxycodone": 1.5, "morphine": 1.0, "tramadol": 0.1,
                           "tapentadol": 0.4, "codeine": 0.15, "hydromorphone": 4.0, "oxymorphone": 3.0,
                           "fentanyl patch": 2.4}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(text):
    r = parse_medication(text)
    assert r.med_per_day is None or r.med_per_day >= 0
    assert r.days_supplied is None or r.days_supplied >= 0


def test_not_a_text():
    assert parse_medication(None).warnings  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "quantity"), [
    ("Terocin 120 g", 120),
    ("Terocin lotion 500 ml", 500),
    ("Methyl salicylate #18", 18),
    ("Lidoderm 5% 30 patches", 30),
    ("Voltaren gel 4 times a day, 60 g with 1 refill", 60),
    ("Lidoderm patch 12 hours on/12 off, 1 box with 1 refill", 1),
    ("Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", 60),   # the dose is not a second count
    ("Norco 5/325mg, one tablet twice daily for 14 days, #40", 40),
    ("Norco 10/325 #60 qty 90", None),              # two counts: still not specified
    ("Lumbar MRI", None),
])
def test_the_case_layer_reads_the_quantity_a_medication_request_states(text, quantity):
    from engine.cases.request_text import parse_request

    parsed = parse_request(text)
    assert parsed.quantity == quantity
    assert parsed.quantity_specified is (quantity is not None)
    if quantity is not None:
        assert parsed.quantity_low == quantity
        assert not any("quantity not specified" in w for w in parsed.warnings)


def _derived(write_case, request: str, topic: str, facts: str = "      request.kind: extension\n"):
    from engine.cases.derive import item_facts
    from engine.cases.loader import load_case
    from tests.cases.conftest import MINIMAL

    text = MINIMAL.replace("Physical therapy 2 times a week for 4 weeks", f'"{request}"')
    text = text.replace("topic: physical_therapy", f"topic: {topic}").replace("      request.kind: extension\n", facts)
    path = write_case(text)
    return item_facts(load_case(path), 0, str(path))


def test_a_case_file_derives_med_and_days_from_an_opioid_request(write_case):
    prepared = _derived(write_case, "Norco 5/325mg #60, 1-2 tabs orally every 4-6 hrs as needed", "opioids")
    assert prepared.derived["opioids.med_per_day"] == 60
    assert prepared.derived["opioids.days_supply"] == 5
    assert prepared.derived["request.quantity"] == 60


def test_a_stated_fact_wins_and_nothing_is_derived_without_directions(write_case):
    stated = _derived(write_case, "Norco 10/325 1 tab q6h #120", "opioids",
                      "      request.kind: extension\n      opioids.med_per_day: 90\n")
    assert stated.facts["opioids.med_per_day"] == 90 and "opioids.med_per_day" not in stated.derived
    bare = _derived(write_case, "Norco 10/325 #60", "opioids")
    assert "opioids.med_per_day" not in bare.derived and "opioids.days_supply" not in bare.derived


def test_days_requested_for_relaxants_and_other_medications(write_case):
    relaxant = _derived(write_case, "Cyclobenzaprine 10 mg 1 tab TID #60", "muscle_relaxants")
    assert relaxant.derived["muscle_relaxants.days_requested"] == 20
    hypnotic = _derived(write_case, "Zolpidem 10 mg 1 at bedtime #30", "medications")
    assert hypnotic.derived["medications.days_requested"] == 30
    other = _derived(write_case, "Cyclobenzaprine 10 mg 1 tab TID #60", "physical_therapy")
    assert not any(name.startswith("muscle_relaxants.") for name in other.derived)
