"""Topical analgesics and compounds (tables/topical_analgesics.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, measured, mentions, present, rule, true_only

TOPIC = "topicals"
CATEGORIES: dict[str, dict[str, object]] = {"topical_analgesics": {}}

# A compound first: "compound with lidocaine" is a compound.
PRODUCT = choice([
    (r"compound", "compound or other product"),
    (r"lidocaine patch|lidoderm|lidocaine 5% patch", "lidocaine patch"),
    (r"diclofenac|voltaren|flector|pennsaid", "diclofenac"),
    (r"capsaicin", "capsaicin"),
    (r"salicylate|bengay", "salicylate"),
], first=True, what="topical product")

SITE = choice([
    (r"knee", "knee"), (r"elbow", "elbow"), (r"hand|wrist", "hand or wrist"), (r"ankle|foot|feet", "ankle or foot"),
    (r"spine|lumb|cervical|thoracic|back|neck", "spine"), (r"hip", "hip"), (r"shoulder", "shoulder"),
], several="other", what="site")

ORAL = "oral NSAIDs may still have failed or be contraindicated otherwise"
INGREDIENTS = "non_recommended_ingredients"

KEYS = {
    "agent": rule("topicals.product", PRODUCT),
    "body_region": rule("topicals.site", SITE),
    "neuropathic_pain_documented": rule("topicals.neuropathic_pain", finding),
    "neuropathic_pain": rule("topicals.neuropathic_pain", finding),
    "failed_antidepressant_or_anticonvulsant": rule("topicals.first_line_failed", boolean),
    "failed_first_line_neuropathic": rule("topicals.first_line_failed", boolean),
    "failed_first_line": rule("topicals.first_line_failed", boolean),
    "osteoarthritis": rule("topicals.osteoarthritis_or_tendinitis",
                           true_only(boolean, "the pain may be from tendinitis")),
    "oral_nsaid_contraindicated": rule("topicals.oral_nsaid_unsuitable", true_only(boolean, ORAL)),
    "oral_intolerance": rule("topicals.oral_nsaid_unsuitable", true_only(boolean, ORAL)),
    "contains_non_recommended_ingredient": (
        rule("topicals.ingredients_listed", true_only(boolean, "the ingredients may still be unlisted"), quiet=True),
        rule("topicals.has_unlisted_ingredient", true_only(boolean, "the named ingredients may all be allowed"),
             quiet=True)),
    "ingredients": rule("topicals.ingredients_listed", present),
    "capsaicin_percent": rule("topicals.capsaicin_percent", measured),
    INGREDIENTS: (
        rule("topicals.ingredients_listed", present, quiet=True),
        rule("topicals.has_muscle_relaxant", mentions(r"cyclobenzaprine|baclofen|muscle relaxant", "a relaxant"),
             quiet=True),
        rule("topicals.has_other_nsaid", mentions(r"flurbiprofen|ketoprofen|non-diclofenac", "another NSAID"),
             quiet=True),
        rule("topicals.has_antiepileptic", mentions(r"gabapentin|pregabalin|antiepileptic", "an antiepileptic"),
             quiet=True),
        rule("topicals.has_non_patch_lidocaine",
             mentions(r"non-patch lidocaine|lidocaine (cream|gel|ointment|lotion)", "non-patch lidocaine"),
             quiet=True),
    ),
}

# the request as written names the product ("Lidoderm patch ...", "Compound: flurbiprofen 10%, ...")
ITEM_TEXT = {"topicals.product": PRODUCT}
