"""What ``imr tables new NAME`` writes: a topic in the shape the shipped MTUS topics share.

The shipped topic workbooks (``tables/acupuncture.xlsx``, ``tables/epidural_steroid_injections.xlsx``,
docs/content.md) share one shape, and ``topic_spec`` writes it with placeholders:

- a ``Guideline`` sheet ``mtus-<name-with-hyphens>``, its title and citation to fill in,
  dated inside the MTUS era the tables encode (the 2009 CPMTG, from 2009-07-18 to the
  December 2017 update that replaced it);
- a ``Facts`` glossary of the topic's own facts only, each with its absence rule: the
  shared facts (``request.screen``, ``request.course``, ``request.quantity``,
  ``request.total_sessions``, ``request.functional_improvement``) come from
  ``tables/imr_conventions.xlsx`` and are never copied;
- the table ``<name>_determination`` (FIRST) in the shipped order: the screen row, the
  guideline's Upheld reasons, the request that states no quantity, then the Overturned
  rows; every row with a citation (``(fill in)`` where the section and page go), a
  rationale with ``{fact}`` placeholders and an annotation saying what to replace;
- worked examples at the boundaries, dated inside the edition, that pass as written.

It reads only with the conventions workbook loaded beside it (``tables/``).
"""

from __future__ import annotations

import datetime as dt

from engine.authoring.spec import Cell, FactSpec, GuidelineSpec, RuleSpec, TableSpec, TestSpec, WorkbookSpec

__all__ = ["AS_OF", "COURSE_LIMIT", "EDITION", "SHARED_FACTS", "TRIAL_LIMIT", "topic_spec"]

EDITION = "2009"  # the 2009 Chronic Pain Medical Treatment Guidelines (8 CCR 9792.24.2)
EFFECTIVE_FROM = dt.date(2009, 7, 18)
EFFECTIVE_TO = dt.date(2017, 11, 30)  # the MTUS update effective 2017-12-01 replaced the 2009 CPMTG
AS_OF = dt.date(2015, 4, 1)  # the worked examples' date, inside the edition
TRIAL_LIMIT = 6  # sessions of a first course, to replace with the guideline's
COURSE_LIMIT = 12  # sessions of the whole course with documented improvement, to replace
SHARED_FACTS = ("request.screen", "request.course", "request.quantity", "request.total_sessions")
FILL = "(fill in)"
WORDS, SECTIONS = "the guideline's words", "the guideline's sections"
SCREENED_OUT = '"duplicate","unspecified","follows denied primary"'

# What the author is told about the Guideline sheet's values (cell comments of column A).
GUIDELINE_NOTES = {
    "id": "Written as mtus-<topic>, the id the shipped topics use; keep it unless the guideline has its own.",
    "title": "Replace with the guideline's title as letters cite it.",
    "citation": "Replace with where the guideline is published: the 8 CCR section (and pages).",
    "edition": "Set to the guideline's own edition. Written as 2009, the Chronic Pain Medical Treatment "
    "Guidelines the tables encode.",
    "effective from": "Set to the guideline's own first day. Written as 2009-07-18, when the 2009 CPMTG "
    "took effect.",
    "effective to": "Set to the guideline's own last day. Written as 2017-11-30: the MTUS update of "
    "December 2017 replaced the 2009 CPMTG, and the tables do not encode the later guidelines "
    "(docs/content.md).",
}


def _fill(what: str) -> str:
    return f"(fill in: {what})"


def topic_spec(name: str) -> WorkbookSpec:
    """The content of a new topic workbook for ``name`` (already checked by ``check_name``)."""
    words = name.replace("_", " ")
    criteria, outcome = f"{name}.criteria_met", f"{name}.outcome"
    return WorkbookSpec(
        guideline=GuidelineSpec(
            id=f"mtus-{name.replace('_', '-')}",
            title=f"MTUS guideline on {words} {_fill('the title as letters cite it')}",
            citation=f"8 CCR 9792.2x {_fill('the section and pages')}",
            edition=EDITION, effective_from=EFFECTIVE_FROM, effective_to=EFFECTIVE_TO,
        ),
        facts=(
            FactSpec(
                name=criteria, type="boolean",
                description=f"The guideline's criteria for a first course of {words} are documented as met "
                f"{_fill('name them')}.",
                question=f"Do the records document that the guideline's criteria for a first course of {words} "
                "are met?",
                when_not_documented="taken as false",
                absence_basis="On the record: criteria the requesting physician did not document count as unmet "
                + _fill("the guideline's section and page"),
            ),
            FactSpec(
                name=outcome, type="enumeration", allowed_values='"Overturned","Upheld"',
                description=f"The proposed IMR determination for the {words} request: Overturned (medically "
                "necessary) or Upheld (not medically necessary).",
                question=f"Is the {words} request medically necessary under the guideline (every fact its table "
                "reads documented)?",
            ),
        ),
        tables=(_determination(name, words, criteria, outcome),),
        tests=_tests(criteria, outcome),
    )


def _determination(name: str, words: str, criteria: str, outcome: str) -> TableSpec:
    source = f"MTUS guideline on {words}, {_fill('section')}, p. {FILL}"

    def rule(screen: str, course: str, quantity: str, total: str, met: str, result: str, citation: str,
             rationale: str, annotation: str) -> RuleSpec:
        return RuleSpec(inputs=(screen, course, quantity, total, met), outputs=(f'"{result}"',),
                        citation=citation, rationale=rationale, annotation=annotation)

    rules = (
        rule(SCREENED_OUT, "-", "-", "-", "-", "Upheld",
             "Labor Code 4610.5(c)(2); Labor Code 4610.6",
             "The request is screened out before the guideline is applied (screen: {request.screen}): IMR does "
             "not authorize a duplicate, a request that states no quantity, or an item whose primary procedure "
             "was denied, and it cannot trim or rewrite a request.",
             "Keep: the screen row every topic opens with (request.screen, imr_conventions). Add the guideline's "
             "citation after the Labor Code if you like."),
        rule('"reviewable"', '"trial"', f"> {TRIAL_LIMIT}", "-", "-", "Upheld", source,
             f"A first course of {words} is up to {TRIAL_LIMIT} sessions {_fill(WORDS)}; "
             "{request.quantity} sessions go past it, and IMR cannot approve a smaller number instead.",
             f"Replace {TRIAL_LIMIT} (here and in the Overturned trial row) with the guideline's first course, and "
             "the citation with its section and page."),
        rule('"reviewable"', '"extension with improvement"', "-", f"> {COURSE_LIMIT}", "-", "Upheld", source,
             f"The guideline allows up to {COURSE_LIMIT} sessions in all with documented functional improvement "
             f"{FILL}; {{request.total_sessions}} (those given, approved and requested) go past it.",
             f"Replace {COURSE_LIMIT} (here and in the Overturned extension row) with the guideline's whole "
             "course; request.total_sessions counts the sessions given, approved by UR and requested."),
        rule('"reviewable"', '"extension without improvement"', "-", "-", "-", "Upheld",
             f"{source}; 8 CCR 9792.20(f)",
             f"Continuing {words} depends on documented functional improvement (better daily activities or "
             "fewer work restrictions, and less reliance on care) from the sessions already given; the records "
             "do not show it.",
             "Replace the citation with the guideline's section on continuing treatment; keep 8 CCR 9792.20(f)."),
        rule('"reviewable"', '"trial"', "-", "-", "false", "Upheld", source,
             f"The records do not document that the guideline's criteria for a first course of {words} are met "
             f"{_fill('name the criteria')}.",
             f"Replace {criteria} with the guideline's criteria (one boolean fact each, or a helper table as in "
             "epidural_steroid_injections.xlsx) and the citation with their section and page."),
        rule('"reviewable"', "-", "null", "-", "-", "Upheld",
             f"Labor Code 4610.5(c)(2); Labor Code 4610.6; {source}",
             f"The request does not state how many sessions it asks for, so it cannot be held against the "
             f"course the guideline allows {FILL}; IMR cannot set a number in its place.",
             "Keep below the guideline's reasons: a request that states no quantity is Upheld as unstated only "
             "when no criterion decides it first. Replace the guideline's citation."),
        rule('"reviewable"', '"trial"', f"<= {TRIAL_LIMIT}", "-", "true", "Overturned", source,
             f"A first course of {{request.quantity}} sessions stays within the {TRIAL_LIMIT} the guideline "
             f"allows {FILL}, and its criteria are documented as met.",
             f"Replace {TRIAL_LIMIT} with the guideline's first course (as in the Upheld row above) and the "
             "citation with its section and page."),
        rule('"reviewable"', '"extension with improvement"', "-", f"<= {COURSE_LIMIT}", "-", "Overturned",
             f"{source}; 8 CCR 9792.20(f)",
             f"{words.capitalize()} may continue once functional improvement is documented; the records "
             f"document it, and a course of {{request.total_sessions}} stays within the {COURSE_LIMIT} the "
             f"guideline allows {FILL}.",
             f"Replace {COURSE_LIMIT} with the guideline's whole course (as in the Upheld row above) and the "
             "citation with its section and page."),
    )
    return TableSpec(
        name=f"{name}_determination", hit_policy="FIRST",
        description=f"{words.capitalize()} {_fill(SECTIONS)}. Reads request.screen, request.course, "
        "request.quantity and request.total_sessions (imr_conventions). A request above the guideline's limit "
        "is Upheld (IMR does not trim); a request that states no quantity is decided by the guideline's reasons "
        "first, then Upheld as unstated.",
        inputs=(*SHARED_FACTS, criteria), outputs=(outcome,),
        input_values=(None, None, "> 0", "> 0", None), output_values=('"Overturned","Upheld"',),
        rules=rules, annotation_column=True,
    )


def _tests(criteria: str, outcome: str) -> tuple[TestSpec, ...]:
    """Boundary values of each row, dated inside the edition; they pass as written."""
    def test(number: int, description: str, expect: str, given: dict[str, Cell],
             screen: str | None = None) -> TestSpec:
        expected: dict[str, Cell] = {outcome: f'"{expect}"'}
        if screen is not None:
            expected["request.screen"] = f'"{screen}"'
        return TestSpec(id=f"T{number}", as_of=AS_OF, inputs=given, expected=expected, description=description)

    first: dict[str, Cell] = {"request.kind": '"initial"', criteria: True}
    later: dict[str, Cell] = {"request.kind": '"extension"', "request.functional_improvement": True,
                              "request.prior_sessions": TRIAL_LIMIT}
    more = COURSE_LIMIT - TRIAL_LIMIT  # an extension that reaches the whole course exactly
    return (
        test(1, f"A first course at the limit: {TRIAL_LIMIT} sessions, criteria met", "Overturned",
             {**first, "request.quantity": TRIAL_LIMIT}),
        test(2, f"A first course one over the limit: {TRIAL_LIMIT + 1} sessions", "Upheld",
             {**first, "request.quantity": TRIAL_LIMIT + 1}),
        test(3, "On the record: a first course whose criteria are not documented", "Upheld",
             {"request.kind": '"initial"', "request.quantity": TRIAL_LIMIT}),
        test(4, f"An extension with improvement at the limit: {TRIAL_LIMIT} given + {more} requested",
             "Overturned", {**later, "request.quantity": more}),
        test(5, f"An extension with improvement one over: {TRIAL_LIMIT} given + {more + 1} requested",
             "Upheld", {**later, "request.quantity": more + 1}),
        test(6, "An extension, functional improvement documented as absent", "Upheld",
             {**later, "request.functional_improvement": False, "request.quantity": more}),
        test(7, "A first course already authorized: a duplicate", "Upheld",
             {**first, "request.quantity": TRIAL_LIMIT, "request.duplicate": True}, screen="duplicate"),
        test(8, "A first course, criteria met, that states no number of sessions: Upheld as unstated",
             "Upheld", dict(first)),
    )
