"""NSAIDs and GI protection (tables/nsaids_and_gi_protection.xlsx): one topic, two categories."""

from __future__ import annotations

from engine.importing.convert import (
    boolean,
    choice,
    finding,
    plain_count,
    present,
    rule,
    true_only,
    when_true,
)

TOPIC = "nsaids"
CATEGORIES: dict[str, dict[str, object]] = {
    "nsaids": {"nsaids.item": "NSAID"},
    "ppi_gi_protection": {"nsaids.item": "GI protective agent"},
}

AGENT = choice([
    (r"celecoxib|celebrex", "celecoxib"),
    (r"diclofenac|voltaren|arthrotec|cambia|zorvolex", "diclofenac"),
    (r"ibuprofen|motrin|advil|naproxen|anaprox|naprosyn|aleve|meloxicam|mobic|etodolac|lodine|nabumetone|"
     r"relafen|ketoprofen|ketorolac|toradol|indomethacin|piroxicam|oxaprozin|daypro|sulindac|diflunisal|"
     r"flurbiprofen|fenoprofen", "non-selective NSAID"),
], what="NSAID")

USE_STATUS = choice([
    (r"^\s*(initiat\w*|new|start\w*|first)\b", "initial"),
    (r"^\s*(continu\w*|ongoing|chronic|long-term|refill)\b", "extension"),
], what="use status (new or continued)")
# an NSAID already taken (another one, or this one): a continuation of NSAID therapy
ALREADY_TAKEN = choice([(r"\S", "extension")], what="earlier NSAID")

KEYS = {
    "age": rule("nsaids.patient_age", plain_count),
    "use_status": rule("request.kind", USE_STATUS, categories=["nsaids"]),
    "prior_nsaid": rule("request.kind", ALREADY_TAKEN, categories=["nsaids"]),
    # a response to the drug on record means it is already taken: the request continues it
    "pain_decreased_with_drug": rule("request.kind",
                                     when_true("extension", "a drug not yet helping may still be taken"),
                                     categories=["nsaids"], quiet=True),
    "drug": rule("nsaids.agent", AGENT, categories=["nsaids"]),
    "osteoarthritis": rule("nsaids.condition", when_true("osteoarthritis", "the pain may be musculoskeletal")),
    "concurrent_nsaids": rule("nsaids.duplicate_nsaid", present, categories=["nsaids"]),
    "concurrent_nsaid": (rule("nsaids.duplicate_nsaid", present, categories=["nsaids"]),
                         rule("nsaids.on_nsaid", present, categories=["ppi_gi_protection"])),
    "gi_event_history": rule("nsaids.gi_event_history", finding),
    "anticoagulant_use": rule("nsaids.gi_risk_medication",
                              true_only(boolean, "aspirin or a corticosteroid may still be taken")),
    "acetaminophen_tried": rule("nsaids.acetaminophen_tried", boolean),
    "other_nsaid_failed": rule("nsaids.other_nsaid_failed", boolean),
}
