"""Topical analgesics and compounds (tables/topical_analgesics.xlsx)."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, measured, mentions, present, rule, true_only
from engine.importing.keymap._medication_text import capsaicin_percent

TOPIC = "topicals"
CATEGORIES: dict[str, dict[str, object]] = {"topical_analgesics": {}}

# A compound first: "compound with lidocaine" is a compound, and so is a branded mixture of several
# drugs (Terocin: methyl salicylate, capsaicin, menthol and lidocaine). The lidocaine patch is the
# Lidoderm-type 5% dermal patch (CPMTG p. 56-57); lidocaine in any other form (cream, gel, lotion,
# ointment, a 4% patch) is another product. A salicylate alone or with menthol (Ben-Gay, the CPMTG's
# own example on p. 105, is methyl salicylate and menthol; Menthoderm is the same pair) is a
# salicylate topical.
PRODUCT = choice([
    (r"compound|terocin|lidopro|flurbiprofen|ketoprofen|cyclobenzaprine|baclofen|gabapentin",
     "compound or other product"),
    (r"lidoderm|lidocaine\s*(?:5\s*%\s*)?(?:topical\s+|dermal\s+|transdermal\s+)?patch", "lidocaine patch"),
    (r"diclofenac|voltaren|flector|pennsaid", "diclofenac"),
    (r"capsaicin|zostrix|qutenza", "capsaicin"),
    (r"salicylate|ben-?\s?gay|menthoderm|icy\s*hot", "salicylate"),
    (r"lidocaine|xylocaine|lidothol|lido\s*patch", "compound or other product"),
], first=True, what="topical product")

# lidocaine as a cream, gel, lotion, ointment or spray, or in Terocin lotion (its patch is lidocaine 4% and menthol)
NON_PATCH_LIDOCAINE = choice([
    (r"lidocaine[^,;]{0,20}\b(?:cream|gel|ointment|lotion|solution|spray|jelly)\b|"
     r"\b(?:cream|gel|ointment|lotion)\b[^,;]{0,20}lidocaine|terocin(?![^,;]*patch)", True),
], what="lidocaine in a form other than the patch")

SITE = choice([
    (r"knee", "knee"), (r"elbow", "elbow"), (r"hand|wrist", "hand or wrist"), (r"ankle|foot|feet", "ankle or foot"),
    (r"spine|lumb|cervical|thoracic|back|neck", "spine"), (r"hip", "hip"), (r"shoulder", "shoulder"),
], several="other", what="site")

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

# the request as written names the product ("Lidoderm patch ...", "Compound: flurbiprofen 10%, ...");
# it may state the capsaicin strength and lidocaine as a cream, gel or lotion (how much, "120 g", the case
# layer reads)
ITEM_TEXT = {
    "topicals.product": PRODUCT,
    "topicals.capsaicin_percent": capsaicin_percent,
    "topicals.has_non_patch_lidocaine": NON_PATCH_LIDOCAINE,
}
