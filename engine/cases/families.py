"""Guideline families: which guideline a citation, as written, relies on.

A real IMR letter cites its guideline in free text ("MTUS Chronic Pain Medical Treatment
Guidelines 2009, Physical Medicine p. 98-99; ODG"); a fired row cites its own. Both are
read into the same few families, so that ``imr backtest`` can say whether the tables
decided an item on the guideline the real reviewer relied on.  The patterns are those of
the outside agreement measure (``../shared/tools/agreement.py``, ``families``), so the two
measures agree; they are written out here, not imported.
"""

from __future__ import annotations

import re

ACUPUNCTURE = "acupuncture"
OPIOID_2016 = "opioid-2016"
POSTSURGICAL = "postsurgical"
CPMTG = "cpmtg"
ACOEM = "acoem"
ODG = "odg/non-mtus"
OTHER = "other"  # a citation that names none of the families above

# Each family and what names it (case-insensitive): the guideline's title or its section
# of 8 CCR (9792.24.1 to .4).  The order is the order families are tried in, not a rank.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(pattern)) for name, pattern in (
    (ACUPUNCTURE, r"acupuncture (medical )?treatment guideline|9792\.24\.1"),
    (OPIOID_2016, r"opioid treatment guideline|9792\.24\.4"),
    (POSTSURGICAL, r"postsurgical|post-surgical treatment guideline|9792\.24\.3"),
    (CPMTG, r"chronic pain medical treatment|\bcpmt|9792\.24\.2|chronic pain guideline"),
    (ACOEM, r"acoem|cornerstones|elbow complaints|chapter \d+|ch\.\s*\d+"),
    (ODG, r"\bodg\b|official disability|non-mtus"),
))
KNOWN = tuple(name for name, _ in PATTERNS)

# "ACOEM ... (3rd ed., non-MTUS)": an ACOEM edition outside the MTUS is a non-MTUS source.
_ACOEM_NON_MTUS = re.compile(r"acoem[^;]*non-mtus")


def families(text: str | None) -> list[str]:
    """The known families a citation names, in order of first mention; ``[]`` when none.

    An ACOEM citation marked non-MTUS in the same clause (up to the next ``;``) counts as
    odg/non-mtus, not acoem.
    """
    lowered = (text or "").lower()
    hits = sorted((found.start(), name) for name, pattern in PATTERNS if (found := pattern.search(lowered)))
    named = [name for _, name in hits]
    if ACOEM in named and _ACOEM_NON_MTUS.search(lowered):
        named = [ODG if name == ACOEM else name for name in named]
    return list(dict.fromkeys(named))  # each once


def families_or_other(text: str | None) -> list[str]:
    """``families(text)``, or ``["other"]`` for a citation that names no known family."""
    return families(text) or ([OTHER] if (text or "").strip() else [])


def citations_match(expected: list[str], predicted: list[str]) -> bool | None:
    """Whether the tables' families meet the expected ones; ``None`` when the expected
    citation names no known family (then there is nothing to match)."""
    known = set(expected) & set(KNOWN)
    if not known:
        return None
    return bool(known & set(predicted))
