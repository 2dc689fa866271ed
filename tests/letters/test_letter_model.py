"""The letter model: which outcome each item shows, what its rationale says, when it is final."""

from __future__ import annotations

import pytest
from letter_fixtures import MASSAGE, THERAPY, determination, recorded

from engine.cases.determination import FiredRow
from letters.errors import LetterError
from letters.model import build_letter


def test_proposed_outcomes_are_marked_as_proposed(case, determinations, reviewer):
    letter = build_letter(case, determinations, reviewer)
    assert [i.outcome_label for i in letter.items] == ["Overturned (proposed)", "Upheld (proposed)"]
    assert [i.source for i in letter.items] == ["proposed", "proposed"]
    assert letter.final and letter.notice is None


def test_rationale_is_the_fired_rows_then_a_conclusion(case, determinations, reviewer):
    therapy, massage = build_letter(case, determinations, reviewer).items
    assert therapy.rationale == ["Up to 10 visits are recommended; 12 were requested after 6 with improvement."]
    assert therapy.conclusion == f"Therefore, the request for {THERAPY} is medically necessary."
    assert massage.conclusion == f"Therefore, the request for {MASSAGE} is not medically necessary."
    assert therapy.reviewer_guideline == "Decision based on MTUS Chronic Pain, Physical Medicine, p. 98-99."


def test_guidelines_of_both_sides(case, determinations, reviewer):
    letter = build_letter(case, determinations, reviewer)
    assert letter.guideline_label == "Example Review Services guideline"
    assert letter.items[0].administrator_guideline == "Decision based on MTUS Physical Medicine."
    assert "does not record what the claims administrator cited" in letter.items[1].administrator_guideline


def test_a_recorded_decision_wins_over_the_proposed_one(case, determinations, reviewer):
    decision = recorded(1, "Overturned", reason="The PR-2 of 3/16 documents a return to full duty.")
    letter = build_letter(case, determinations, reviewer, {1: decision})
    therapy, massage = letter.items
    assert therapy.outcome_label == "Overturned (proposed)"
    assert massage.outcome == "Overturned" and massage.outcome_label == "Overturned"
    assert massage.source == "recorded" and massage.recorded_by == "dr-a"
    # the rows argued for the other outcome: only the reviewer's reason stands
    assert massage.rationale == ["The PR-2 of 3/16 documents a return to full duty."]
    assert massage.conclusion == f"Therefore, the request for {MASSAGE} is medically necessary."
    assert massage.reviewer_guideline == "Decision based on MTUS Chronic Pain, Massage therapy, p. 60."


def test_a_recorded_decision_that_agrees_keeps_the_rows(case, determinations, reviewer):
    letter = build_letter(case, determinations, reviewer, {0: recorded(0, "Overturned", reason="Agreed.")})
    assert letter.items[0].rationale == [
        "Up to 10 visits are recommended; 12 were requested after 6 with improvement.", "Agreed."]


def test_undecided_item_lists_questions_and_the_letter_is_not_final(case, reviewer):
    dets = [
        determination(THERAPY, "Overturned"),
        determination(MASSAGE, "Undecided", missing=(
            ("massage.prior_visits", "How many massage visits were completed?"),
            ("massage.adjunct", None))),
    ]
    letter = build_letter(case, dets, reviewer)
    item = letter.items[1]
    assert item.outcome == "Undecided" and item.outcome_label == "Undecided"
    assert item.conclusion is None
    assert item.questions == ["How many massage visits were completed?",
                              "Is massage.adjunct documented, and what is it?"]
    assert item.reviewer_guideline == "No guideline criterion has decided this item yet."
    assert not letter.final
    assert letter.notice.startswith("NOT FINAL: 1 disputed item is undecided")


def test_recording_a_decision_makes_an_undecided_item_final(case, reviewer):
    dets = [determination(THERAPY, "Overturned"), determination(MASSAGE, "Undecided", missing=(("x.y", "Q?"),))]
    letter = build_letter(case, dets, reviewer, {1: recorded(1, "Upheld", reason="Not documented after a request.")})
    assert letter.final and letter.items[1].questions == []
    assert letter.items[1].rationale == ["Not documented after a request."]


def test_a_decided_item_without_citation_says_so(case, reviewer):
    dets = [determination(THERAPY, "Upheld", citation=None, rationale=None), determination(MASSAGE, "Upheld")]
    item = build_letter(case, dets, reviewer).items[0]
    assert item.reviewer_guideline == "The expert reviewer did not cite any medical evidence for this decision."
    assert item.rationale == [
        "The guideline decision tables propose Upheld for this item; their rows give no written rationale."]


ACCEPTED = "The expert reviewer has reviewed the records and agrees with the determination above."


def test_an_accepted_decision_never_has_an_empty_rationale(case, reviewer):
    """The accept reason refers to what is above it: the proposal's sentences always come first."""
    dets = [determination(THERAPY, "Upheld", citation=None, rationale=None), determination(MASSAGE, "Upheld")]
    decisions = {0: recorded(0, "Upheld", reason=ACCEPTED, proposed="Upheld"),
                 1: recorded(1, "Upheld", reason=ACCEPTED, proposed="Upheld")}
    letter = build_letter(case, dets, reviewer, decisions)
    therapy, massage = letter.items
    assert letter.final
    assert therapy.rationale == [
        "The guideline decision tables propose Upheld for this item; their rows give no written rationale.", ACCEPTED]
    assert massage.rationale == ["The records show what the rule needs.", ACCEPTED]


def test_a_decision_made_on_an_earlier_proposal_is_stale_and_the_letter_not_final(case, reviewer):
    """Accepted Upheld, then the facts changed and the tables now propose Overturned."""
    dets = [determination(THERAPY, "Overturned"), determination(MASSAGE, "Overturned", citation="MTUS Massage, p. 60")]
    decisions = {0: recorded(0, "Overturned", proposed="Overturned"),
                 1: recorded(1, "Upheld", reason=ACCEPTED, proposed="Upheld")}
    letter = build_letter(case, dets, reviewer, decisions)
    therapy, massage = letter.items
    assert therapy.source == "recorded" and [i.index for i in letter.stale_items] == [1]
    assert massage.source == "stale" and massage.outcome == "Overturned"
    assert massage.outcome_label == "Overturned (proposed; the recorded decision is to be re-confirmed)"
    # the rationale is the current proposal's, then what must be re-confirmed; never the bare accept reason
    assert massage.rationale == [
        "The records show what the rule needs.",
        "The reviewer recorded Upheld on 2016-05-02 10:30 when the guideline decision tables proposed Upheld; the "
        "facts have changed since and the tables now propose Overturned. That decision must be re-confirmed before "
        "this letter can be issued."]
    assert ACCEPTED not in massage.rationale
    assert massage.reviewer_guideline == "Decision based on MTUS Massage, p. 60."
    assert massage.conclusion == f"Therefore, the request for {MASSAGE} is medically necessary."
    assert not letter.final
    assert letter.notice == (
        f"NOT FINAL: the decision on item 2 ({MASSAGE}) was made on facts that have changed since; the reviewer "
        "must re-confirm it (accept or override again) before this letter can be issued.")
    assert letter.not_final_reason == "NOT FINAL: decisions to re-confirm on item 2"
    assert letter.proposed_count == 0


def test_a_stale_override_that_now_agrees_is_still_stale(case, reviewer):
    """Overridden to Upheld against an Overturned proposal; the proposal is now Upheld: re-confirm all the same."""
    dets = [determination(THERAPY, "Upheld"), determination(MASSAGE, "Upheld")]
    letter = build_letter(case, dets, reviewer, {0: recorded(0, "Upheld", reason="No gains.", proposed="Overturned")})
    assert letter.items[0].source == "stale" and not letter.final


def test_a_stale_decision_on_an_item_now_undecided_asks_the_questions(case, reviewer):
    dets = [determination(THERAPY, "Undecided", missing=(("x.y", "Q?"),)), determination(MASSAGE, "Upheld")]
    decisions = {0: recorded(0, "Overturned", proposed="Overturned"), 1: recorded(1, "Upheld", proposed="Upheld")}
    letter = build_letter(case, dets, reviewer, decisions)
    item = letter.items[0]
    assert item.source == "stale" and item.outcome == "Undecided" and item.questions == ["Q?"]
    assert item.conclusion is None and item.rationale[-1].startswith("The reviewer recorded Overturned")
    assert letter.notice.startswith(f"NOT FINAL: the decision on item 1 ({THERAPY}) was made on facts")
    assert letter.not_final_reason == "NOT FINAL: decisions to re-confirm on item 1"


def test_a_decision_that_does_not_say_its_proposal_is_taken_as_it_stands(case, determinations, reviewer):
    """Decisions files written before ``proposed`` existed (or by hand) cannot be checked."""
    letter = build_letter(case, determinations, reviewer, {1: recorded(1, "Overturned")})
    assert letter.items[1].source == "recorded" and letter.final


def test_no_reviewer_profile_says_the_credentials_are_not_recorded(case, determinations):
    letter = build_letter(case, determinations)
    assert letter.licensure.startswith("not recorded")
    assert letter.guideline_label == "Expert Reviewer guideline"


def test_one_determination_per_item(case, determinations, reviewer):
    with pytest.raises(LetterError, match="one determination per disputed item"):
        build_letter(case, determinations[:1], reviewer)


def test_a_decision_for_no_item_is_refused(case, determinations, reviewer):
    with pytest.raises(LetterError, match="names no disputed item"):
        build_letter(case, determinations, reviewer, {2: recorded(2, "Upheld")})


def test_only_the_items_own_guideline_is_cited(case, reviewer):
    def row(table: str, workbook: str, citation: str, rationale: str) -> FiredRow:
        return FiredRow(table=table, rule=1, address=f"tables/{workbook}, sheet '{table}', row 7",
                        citation=citation, rationale=rationale)

    therapy = determination(THERAPY, "Overturned").model_copy(update={
        "table": "pt_determination",
        "fired_rows": [row("pt_determination", "pt.xlsx", "MTUS PT, p. 99", "Within the 10 visits."),
                       row("pt_indication", "pt.xlsx", "MTUS PT, p. 98", "Therapy is indicated."),
                       row("request_screen", "imr_conventions.xlsx", "Labor Code 4610.5", "Reviewable.")],
    })
    item = build_letter(case, [therapy, determination(MASSAGE, "Upheld")], reviewer).items[0]
    assert item.reviewer_guideline == "Decision based on MTUS PT, p. 99; MTUS PT, p. 98."
    assert item.rationale == ["Therapy is indicated.", "Within the 10 visits."]  # premises first
