"""Other medications (tables/medications.xlsx): anticonvulsants, antidepressants, sleep aids and
benzodiazepines, medical foods, compounded oral products, opioid-induced constipation, antiemetics
and any other drug, under one topic whose section is picked by ``medications.drug_class``."""

from __future__ import annotations

from engine.importing.convert import boolean, choice, finding, measured, rule, true_only
from engine.importing.keymap._medication_text import days_supplied

TOPIC = "medications"
CATEGORIES: dict[str, dict[str, object]] = {
    "anticonvulsants": {},
    "antidepressants": {},
    "sleep_aids": {},
    "other_medication": {},
}

# The class from the drug's name (generic or brand); the first match wins, so a medical food
# or compound named after a drug it contains is read as what it is.
DRUG_CLASS = choice([
    (r"theramine|sentra|trepadone|gabadone|appetrex|hypertensa|percura|medical food", "medical food"),
    (r"fanatrex|synapryn|tabradol|deprizine|dicopanol|\boral suspension\b|compounded oral", "compounded oral product"),
    (r"gabapentin|neurontin|gralise|horizant|pregabalin|lyrica|topiramate|topamax|carbamazepine|tegretol|"
     r"oxcarbazepine|trileptal|lamotrigine|lamictal|levetiracetam|keppra|valpro|depakote|divalproex|zonisamide",
     "anticonvulsant"),
    (r"amitriptyline|elavil|nortriptyline|pamelor|desipramine|imipramine|doxepin|duloxetine|cymbalta|venlafaxine|"
     r"effexor|desvenlafaxine|pristiq|milnacipran|savella", "tricyclic or SNRI antidepressant"),
    (r"sertraline|zoloft|fluoxetine|prozac|paroxetine|paxil|citalopram|celexa|escitalopram|lexapro|trazodone|"
     r"desyrel|bupropion|wellbutrin|mirtazapine|remeron", "other antidepressant"),
    (r"diazepam|valium|lorazepam|ativan|alprazolam|xanax|clonazepam|klonopin|temazepam|restoril|chlordiazepoxide|"
     r"librium", "benzodiazepine"),
    (r"zolpidem|ambien|eszopiclone|lunesta|zaleplon|sonata|suvorexant|belsomra|ramelteon|rozerem",
     "non-benzodiazepine hypnotic"),
    (r"lubiprostone|amitiza|methylnaltrexone|relistor|naloxegol|movantik|linaclotide|linzess|naldemedine|symproic",
     "prescription drug for opioid-induced constipation"),
    (r"docusate|colace|senna|senokot|sennosides|polyethylene glycol|miralax|bisacodyl|dulcolax|lactulose|"
     r"\blaxative|stool softener", "laxative for opioid-induced constipation"),
    (r"ondansetron|zofran|promethazine|phenergan|metoclopramide|reglan|prochlorperazine|compazine|antiemetic",
     "antiemetic"),
    (r"\S", "other"),  # any other drug named: the table's general rows (quantity, continuation) apply
], first=True, what="medication class")

USE_STATUS = choice([
    (r"^\s*(initiat\w*|new|start\w*|first)\b|\bnew trial\b", "initial"),
    (r"^\s*(continu\w*|ongoing|chronic|long-term|refill)\b", "extension"),
], what="use status (new or continued)")

POSTOPERATIVE = choice([(r"post-?\s?op", True)], what="post-operative use")

KEYS = {
    "drug": rule("medications.drug_class", DRUG_CLASS),
    "use_status": rule("request.kind", USE_STATUS),
    "neuropathic_pain_documented": rule("medications.neuropathic_pain", finding),
    "neuropathic_pain": rule("medications.neuropathic_pain", finding),
    "depression_documented": rule("medications.depression_documented", finding),
    "anxiety_documented": rule("medications.anxiety_documented", finding),
    "insomnia_documented": rule("medications.insomnia_documented", finding),
    "pain_relief_percent": rule("medications.pain_relief_percent", measured),
    "days_requested": rule("medications.days_requested", measured),
    "days_used": rule("medications.days_used", measured),
    "on_opioids": rule("medications.on_opioids", boolean),
    "failed_first_line_laxatives": rule("medications.laxative_failed", boolean),
    "dependent_on_surgery": rule("medications.postoperative",
                                 true_only(boolean, "the drug may still be for after a surgery")),
    "associated_with": rule("medications.postoperative",
                            choice([(r"surg|arthroscop|repair|release|fusion|ectomy|plasty", True)], what="surgery")),
}

# the request as written names the drug and says when it is for after a surgery ("Post-op Zofran")
# and, with directions, the days the count covers ("Zolpidem 10 mg 1 at bedtime #30": 30 days)
ITEM_TEXT = {"medications.drug_class": DRUG_CLASS, "medications.postoperative": POSTOPERATIVE,
             "medications.days_requested": days_supplied}
